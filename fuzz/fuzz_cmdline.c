/* SPDX-License-Identifier: Apache-2.0 */
/*
 * libFuzzer target: the wrapper's command-line side — response-file
 * splitting, then classification of the result as a gcc, ld and ar command
 * line, and the depfile parser on the same bytes.
 */
#include <stddef.h>
#include <stdint.h>

#include "cmdline.h"
#include "depfile.h"
#include "rspfile.h"
#include "strbuf.h"
#include "strvec.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct strvec args = STRVEC_INIT, deps = STRVEC_INIT, targets = STRVEC_INIT;
	struct strbuf err = STRBUF_INIT;
	struct cmdline cl;
	const char *text = (const char *)data;

	if (rspfile_split(text, size, &args) == 0) {
		cmdline_init(&cl);
		cmdline_parse_cc(&cl, args.v, args.nr, &err);
		cmdline_release(&cl);
		cmdline_parse_ld(&cl, args.v, args.nr, LINKER_BFD, &err);
		cmdline_release(&cl);
		cmdline_parse_ar(&cl, args.v, args.nr, &err);
		cmdline_release(&cl);
	}
	strbuf_reset(&err);
	if (depfile_parse(text, size, &targets, &deps, &err) && !err.len)
		__builtin_trap();
	strvec_clear(&args);
	strvec_clear(&deps);
	strvec_clear(&targets);
	strbuf_release(&err);
	return 0;
}

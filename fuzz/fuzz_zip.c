/* SPDX-License-Identifier: Apache-2.0 */
/*
 * libFuzzer target: one zip archive (src/audit/zipread.c), held in a memfd
 * so the reader sees a regular file as it does in use, then every entry of
 * at most 1 MiB read. An archive either opens, or is refused with one
 * message naming it; a read either yields exactly the stated size, or
 * fails with one message naming the archive and nothing kept; no crash,
 * hang or leak.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "zipread.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct strbuf err = STRBUF_INIT, out = STRBUF_INIT;
	char path[64];
	struct zipr *z;
	int fd = memfd_create("fuzz.zip", MFD_CLOEXEC);

	if (fd < 0 || write(fd, data, size) != (ssize_t)size)
		__builtin_trap();
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	if (zipr_open(path, &z, &err)) {
		if (!err.len || strncmp(err.buf, path, strlen(path)) ||
		    memchr(err.buf, '\n', err.len))
			__builtin_trap();
	} else {
		if (err.len)
			__builtin_trap();
		for (size_t i = 0; i < zipr_count(z); i++) {
			if (zipr_size(z, i) > ((uint64_t)1 << 20))
				continue;
			strbuf_reset(&out);
			strbuf_reset(&err);
			if (zipr_read(z, i, &out, &err)) {
				if (out.len || strncmp(err.buf, path, strlen(path)) ||
				    memchr(err.buf, '\n', err.len))
					__builtin_trap();
			} else if (out.len != zipr_size(z, i)) {
				__builtin_trap();
			}
		}
		zipr_close(z);
	}
	close(fd);
	strbuf_release(&err);
	strbuf_release(&out);
	return 0;
}

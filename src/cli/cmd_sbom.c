/* SPDX-License-Identifier: Apache-2.0 */
/*
 * souptrace sbom [--format cyclonedx|spdx] [--spec-version 1.6|1.7|2.3|3.0.1]
 *                [--soup FILE] [--trace DIR] [--project-root DIR]
 *                [--evidence trace|binary] [-o FILE] ARTIFACT...
 *
 * An SBOM of the artifacts from the same attribution as check: the
 * artifacts, one component per SOUP item with its files, and who links or
 * loads whom. Deterministic: SOURCE_DATE_EPOCH gives the timestamp and the
 * serial number (CycloneDX) or namespace (SPDX) is derived from the
 * document itself. Exit 0 when written (findings do not stop an SBOM;
 * check gates), 2 on bad usage or input.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "cli.h"
#include "outfile.h"
#include "sbom.h"
#include "banned.h"

/*
 * The document, written twice: with the nil UUID, then with the UUID
 * derived from that first text (content-derived, so deterministic).
 */
static char *write_doc(const struct bom *b, struct sbom_meta *meta, const char *format)
{
	char uuid[37] = "00000000-0000-0000-0000-000000000000", *text = NULL;

	for (int pass = 0; pass < 2; pass++) {
		cJSON *doc;

		meta->uuid = uuid;
		if (!strcmp(format, "cyclonedx"))
			doc = sbom_cyclonedx(b, meta);
		else if (!strcmp(meta->spec, "2.3"))
			doc = sbom_spdx2(b, meta);
		else
			doc = sbom_spdx3(b, meta);
		free(text);
		text = doc ? cJSON_Print(doc) : NULL;
		cJSON_Delete(doc);
		if (!text)
			return NULL;
		if (pass == 0)
			bom_uuid(text, strlen(text), uuid);
	}
	return text;
}

int cmd_sbom(int argc, char **argv)
{
	const char *format = "cyclonedx", *spec = NULL, *out_path = NULL;
	struct strvec artifacts = STRVEC_INIT;
	struct check_request rq;
	struct soup_list soup;
	struct strbuf err = STRBUF_INIT;
	struct sbom_meta meta;
	struct bom b;
	char ts[32];
	struct check_model model;
	char *text = NULL;
	struct outfile of = OUTFILE_INIT;
	int ret = EXIT_USAGE, rc;

	memset(&rq, 0, sizeof(rq));
	soup_list_init(&soup);
	bom_init(&b);
	check_model_init(&model);
	{
		static const struct command_spec command = {
			"sbom", "write a CycloneDX or SPDX SBOM for the artifacts", "ARTIFACT...",
			1, 0
		};
		const struct option opts[] = {
			CHECK_COMMAND_OPTIONS(
				rq, false, &out_path, "the SBOM",
				{ "--format", NULL, OPT_CHOICE, &format, "cyclonedx|spdx",
				  "the SBOM's format (default: cyclonedx)", false, NULL },
				{ "--spec-version", NULL, OPT_CHOICE, &spec, "1.6|1.7|2.3|3.0.1",
				  "CycloneDX 1.6 (default) or 1.7; SPDX 3.0.1 (default) or 2.3",
				  false, NULL }),
		};

		if (!cli_parse(&command, opts, argc, argv, &artifacts, &ret))
			goto out;
	}
	if (cli_artifacts("sbom", &artifacts))
		goto out;
	if (!strcmp(format, "cyclonedx")) {
		spec = spec ? spec : "1.6";
		if (strcmp(spec, "1.6") && strcmp(spec, "1.7")) {
			cli_error("sbom: CycloneDX --spec-version is 1.6 or 1.7, not '%s'", spec);
			goto out;
		}
	} else { /* spdx */
		spec = spec ? spec : "3.0.1";
		if (strcmp(spec, "2.3") && strcmp(spec, "3.0.1")) {
			cli_error("sbom: SPDX --spec-version is 3.0.1 or 2.3, not '%s'", spec);
			goto out;
		}
	}
	if (bom_timestamp(ts, &err)) {
		cli_error("sbom: %s", err.buf);
		goto out;
	}
	rq.artifacts = &artifacts;
	rc = cli_evaluate(&rq, &soup, &model);
	if (rc < 0)
		goto out;
	if (bom_build(&b, &model, &soup, &err)) {
		cli_error("sbom: %s", err.buf);
		goto out;
	}
	meta.timestamp = ts;
	meta.spec = spec;
	meta.evidence = rq.binary_evidence ? "binary" : "trace";
	meta.soup_path = rq.soup_path;
	if (!(text = write_doc(&b, &meta, format))) {
		cli_error("sbom: out of memory");
		goto out;
	}
	strbuf_reset(&err);
	if (outfile_open(&of, out_path, &err) || fputs(text, of.f) < 0 || fputc('\n', of.f) < 0) {
		if (!err.len)
			strbuf_addf(&err, "%s: %s", out_path ? out_path : "standard output",
				    strerror(errno));
		outfile_abort(&of);
	} else if (outfile_commit(&of, &err) == 0) {
		ret = EXIT_OK;
	}
	if (ret != EXIT_OK)
		cli_error("sbom: cannot write %s", err.buf);
out:
	free(text);
	check_model_release(&model);
	bom_release(&b);
	soup_list_release(&soup);
	strvec_clear(&artifacts);
	strbuf_release(&err);
	return ret;
}

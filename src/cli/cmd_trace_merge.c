/* SPDX-License-Identifier: Apache-2.0 */
/*
 * souptrace trace merge [--map FROM=TO]... -o DIR TRACE...
 *
 * Traces recorded in different build roots or on different machines (a CI
 * matrix, a build farm) brought together: every record of every TRACE is
 * copied into DIR/records with each path that starts with a FROM rewritten
 * to start with its TO (the first matching --map wins), and with where it
 * came from ("merged_from": the trace and the host); the linkers' reports
 * of link/ are copied with the same rewriting of their text. A record id
 * met twice is an error (ids are unique on one machine only). An
 * INCOMPLETE of any TRACE goes into DIR/INCOMPLETE, and so does a TRACE
 * whose tmp/ still holds work files: the merged trace is no more complete
 * than its parts.
 */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "cli.h"
#include "json_get.h"
#include "options.h"
#include "pathutil.h"
#include "strmap.h"
#include "strvec.h"

#include "banned.h"

#define MAX_MERGED_FILE ((size_t)1 << 30)

struct prefix_map {
	struct strvec from, to;
};

/* s rewritten by the first map whose FROM is a path prefix of it (FROM, or FROM/...), or NULL. */
static char *mapped(const struct prefix_map *pm, const char *s)
{
	for (size_t i = 0; i < pm->from.nr; i++) {
		size_t n = strlen(pm->from.v[i]);
		struct strbuf sb = STRBUF_INIT;

		if (strncmp(s, pm->from.v[i], n) || (s[n] != '/' && s[n] != '\0'))
			continue;
		strbuf_addstr(&sb, pm->to.v[i]);
		strbuf_addstr(&sb, s + n);
		return strbuf_detach(&sb, NULL);
	}
	return NULL;
}

/* Every string of the tree rewritten (mapped()): 0, or -1 (memory). */
static int map_tree(const struct prefix_map *pm, cJSON *node)
{
	for (cJSON *c = node; c; c = c->next) {
		if (cJSON_IsString(c) && c->valuestring) {
			char *m = mapped(pm, c->valuestring);

			if (m) {
				int ok = cJSON_SetValuestring(c, m) != NULL;

				free(m);
				if (!ok)
					return -1;
			}
		}
		if (c->child && map_tree(pm, c->child))
			return -1;
	}
	return 0;
}

/*
 * The text of a linker report with the paths rewritten: an occurrence of
 * FROM that starts a path (at the start of a line, after a blank, '(',
 * '"', '=' or ':') and is followed by '/' or the end of the path.
 */
static int map_text(const struct prefix_map *pm, const char *text, size_t len, struct strbuf *out)
{
	for (size_t i = 0; i < len;) {
		bool start = i == 0 || strchr("\n \t(\"=:", text[i - 1]);
		bool done = false;

		for (size_t k = 0; start && k < pm->from.nr && !done; k++) {
			size_t n = strlen(pm->from.v[k]);

			if (n && i + n <= len && !memcmp(text + i, pm->from.v[k], n) &&
			    (i + n == len || strchr("/\n \t)\":", text[i + n]))) {
				if (strbuf_addstr(out, pm->to.v[k]))
					return -1;
				i += n;
				done = true;
			}
		}
		if (!done && strbuf_addch(out, text[i++]))
			return -1;
	}
	return 0;
}

static int write_file(const char *path, const char *data, size_t len)
{
	FILE *f = fopen(path, "wx");
	int ok;

	if (!f)
		return -1;
	ok = fwrite(data, 1, len, f) == len;
	return fclose(f) == 0 && ok ? 0 : -1;
}

/* One TRACE into out: 0, or -1 with the message printed. */
static int merge_one(const char *trace, const struct prefix_map *pm, const char *out,
		     struct strmap *ids, struct strvec *id_keys, struct strbuf *incomplete)
{
	struct strbuf path = STRBUF_INIT, text = STRBUF_INIT, diag = STRBUF_INIT;
	struct strbuf dst = STRBUF_INIT;
	char real[PATH_MAX];
	const char *sub[2] = { "records", "link" };
	int ret = -1;

	if (!realpath(trace, real)) {
		cli_error("trace merge: %s: %s", trace, strerror(errno));
		return -1;
	}
	for (int s = 0; s < 2; s++) {
		DIR *d;
		struct dirent *de;

		strbuf_reset(&path);
		strbuf_addf(&path, "%s/%s", real, sub[s]);
		d = opendir(path.buf);
		if (!d) {
			if (errno == ENOENT && s == 1)
				continue; /* no links recorded there */
			cli_error("trace merge: %s: %s", path.buf, strerror(errno));
			goto out;
		}
		while ((de = readdir(d))) {
			struct stat st;

			if (de->d_name[0] == '.')
				continue;
			strbuf_reset(&path);
			strbuf_addf(&path, "%s/%s/%s", real, sub[s], de->d_name);
			strbuf_reset(&text);
			if (lstat(path.buf, &st) || !S_ISREG(st.st_mode) ||
			    strbuf_read_file(&text, path.buf, MAX_MERGED_FILE)) {
				cli_error("trace merge: %s: not a regular file that can be read",
					  path.buf);
				closedir(d);
				goto out;
			}
			strbuf_reset(&dst);
			strbuf_addf(&dst, "%s/%s/%s", out, sub[s], de->d_name);
			if (s == 0) {
				cJSON *rec =
					json_parse_document(path.buf, text.buf, text.len, &diag);
				cJSON *from = cJSON_CreateObject(), *host;
				const cJSON *id =
					rec ? cJSON_GetObjectItemCaseSensitive(rec, "id") : NULL;
				struct strmap_slot *seen;
				char *json;
				bool is_new;

				if (!rec || !cJSON_IsString(id)) {
					cli_error("trace merge: %s",
						  rec ? "a record without an id" : diag.buf);
					cJSON_Delete(rec);
					cJSON_Delete(from);
					closedir(d);
					goto out;
				}
				seen = strmap_find(ids, id->valuestring);
				if (!seen) {
					/* the map borrows its keys: the list owns them */
					char *key = strdup(id->valuestring);

					if (!key || strvec_push_nodup(id_keys, key) ||
					    !strmap_put(ids, key, 0, &is_new)) {
						cJSON_Delete(rec);
						cJSON_Delete(from);
						closedir(d);
						goto oom;
					}
				}
				if (seen) {
					cli_error(
						"trace merge: record %s is in two traces (%s and "
						"an "
						"earlier one): ids are unique on one machine only",
						id->valuestring, real);
					cJSON_Delete(rec);
					cJSON_Delete(from);
					closedir(d);
					goto out;
				}
				host = cJSON_GetObjectItemCaseSensitive(rec, "host");
				cJSON_AddStringToObject(from, "trace", real);
				if (cJSON_IsString(host))
					cJSON_AddStringToObject(from, "host", host->valuestring);
				else
					cJSON_AddNullToObject(from, "host");
				if (map_tree(pm, rec->child)) {
					cJSON_Delete(rec);
					cJSON_Delete(from);
					closedir(d);
					goto oom;
				}
				cJSON_DeleteItemFromObjectCaseSensitive(rec, "merged_from");
				cJSON_AddItemToObject(rec, "merged_from", from);
				json = cJSON_PrintUnformatted(rec);
				cJSON_Delete(rec);
				if (!json || write_file(dst.buf, json, strlen(json))) {
					cli_error("trace merge: cannot write %s: %s", dst.buf,
						  strerror(errno));
					free(json);
					closedir(d);
					goto out;
				}
				free(json);
			} else {
				struct strbuf m = STRBUF_INIT;
				int r = map_text(pm, text.buf, text.len, &m);

				if (!r)
					r = write_file(dst.buf, m.buf, m.len);
				strbuf_release(&m);
				if (r) {
					cli_error("trace merge: cannot write %s: %s", dst.buf,
						  strerror(errno));
					closedir(d);
					goto out;
				}
			}
		}
		closedir(d);
	}
	/* what the trace itself says it lacks */
	strbuf_reset(&path);
	strbuf_addf(&path, "%s/INCOMPLETE", real);
	strbuf_reset(&text);
	if (!strbuf_read_file(&text, path.buf, 64u << 20) && text.len) {
		strbuf_addstr(incomplete, text.buf);
		if (text.buf[text.len - 1] != '\n')
			strbuf_addch(incomplete, '\n');
	}
	strbuf_reset(&path);
	strbuf_addf(&path, "%s/tmp", real);
	{
		DIR *d = opendir(path.buf);
		struct dirent *de;

		while (d && (de = readdir(d)))
			if (de->d_name[0] != '.') {
				strbuf_addf(
					incomplete,
					"merge %s: its tmp/ holds work files of steps that did not "
					"finish\n",
					real);
				break;
			}
		if (d)
			closedir(d);
	}
	ret = 0;
	goto out;
oom:
	cli_error("trace merge: out of memory");
out:
	strbuf_release(&path);
	strbuf_release(&text);
	strbuf_release(&diag);
	strbuf_release(&dst);
	return ret;
}

/* --map: kept in order. */
static int add_map(void *value, const char *argument, struct strbuf *err)
{
	(void)err;
	return strvec_push(value, argument) ? -1 : 0;
}

int cmd_trace_merge(int argc, char **argv)
{
	const char *out_dir = NULL;
	struct strvec maps = STRVEC_INIT, traces = STRVEC_INIT, id_keys = STRVEC_INIT;
	struct prefix_map pm = { STRVEC_INIT, STRVEC_INIT };
	struct strmap ids = STRMAP_INIT;
	struct strbuf incomplete = STRBUF_INIT, p = STRBUF_INIT;
	int ret = EXIT_USAGE;

	{
		static const struct command_spec command = {
			"trace merge",
			"bring traces of several build roots or machines together into one",
			"TRACE...", 1, 0
		};
		const struct option opts[] = {
			{ "--map", NULL, OPT_CALLBACK, &maps, "FROM=TO",
			  "rewrite paths under FROM to TO (absolute; repeatable, the first match "
			  "wins)",
			  false, add_map },
			{ "--output", "-o", OPT_STRING, &out_dir, "DIR",
			  "the merged trace (a new or empty directory)", true, NULL },
			OPT_END,
		};

		if (!cli_parse(&command, opts, argc, argv, &traces, &ret))
			goto out;
	}
	for (size_t i = 0; i < maps.nr; i++) {
		const char *eq = strchr(maps.v[i], '=');
		char *from, *to;

		if (!eq || maps.v[i][0] != '/' || eq[1] != '/') {
			cli_error("trace merge: --map %s: expected FROM=TO, both absolute paths",
				  maps.v[i]);
			goto out;
		}
		from = strndup(maps.v[i], (size_t)(eq - maps.v[i]));
		to = strdup(eq + 1);
		if (!from || !to) {
			free(from);
			free(to);
			cli_error("trace merge: out of memory");
			goto out;
		}
		path_normalize(from);
		path_normalize(to);
		strvec_push_nodup(&pm.from, from);
		strvec_push_nodup(&pm.to, to);
	}
	if (mkdir(out_dir, 0755) && errno != EEXIST) {
		cli_error("trace merge: cannot create %s: %s", out_dir, strerror(errno));
		goto out;
	}
	strbuf_addf(&p, "%s/records", out_dir);
	if (mkdir(p.buf, 0755)) {
		cli_error("trace merge: %s: %s (the output must be a new or empty directory)",
			  p.buf, strerror(errno));
		goto out;
	}
	strbuf_reset(&p);
	strbuf_addf(&p, "%s/link", out_dir);
	if (mkdir(p.buf, 0755)) {
		cli_error("trace merge: %s: %s", p.buf, strerror(errno));
		goto out;
	}
	for (size_t i = 0; i < traces.nr; i++)
		if (merge_one(traces.v[i], &pm, out_dir, &ids, &id_keys, &incomplete))
			goto out;
	if (incomplete.len) {
		strbuf_reset(&p);
		strbuf_addf(&p, "%s/INCOMPLETE", out_dir);
		if (write_file(p.buf, incomplete.buf, incomplete.len)) {
			cli_error("trace merge: cannot write %s: %s", p.buf, strerror(errno));
			goto out;
		}
	}
	printf("merged %zu records of %zu traces into %s%s\n", ids.used, traces.nr, out_dir,
	       incomplete.len ? " (INCOMPLETE: the parts were)" : "");
	ret = EXIT_OK;
out:
	strvec_clear(&maps);
	strvec_clear(&traces);
	strvec_clear(&pm.from);
	strvec_clear(&pm.to);
	strmap_release(&ids);
	strvec_clear(&id_keys);
	strbuf_release(&incomplete);
	strbuf_release(&p);
	return ret;
}

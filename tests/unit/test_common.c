/* SPDX-License-Identifier: Apache-2.0 */
/* common/: strbuf, strvec, the JSON string writer and path helpers. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "alloc.h"
#include "pathglob.h"
#include "json_writer.h"
#include "pathutil.h"
#include "realcache.h"
#include "digest.h"
#include "fileid.h"
#include "strbuf.h"
#include "strvec.h"
#include "textesc.h"
#include "testutil.h"

static void test_strbuf(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	char *s;
	size_t len;

	(void)state;
	assert_string_equal(sb.buf, "");
	for (int i = 0; i < 1000; i++)
		assert_int_equal(strbuf_addf(&sb, "%d,", i), 0);
	assert_int_equal(strncmp(sb.buf, "0,1,2,", 6), 0);
	assert_int_equal(sb.buf[sb.len], '\0');
	assert_int_equal(strbuf_add(&sb, "a\0b", 3), 0);
	assert_int_equal(sb.buf[sb.len - 2], '\0');
	strbuf_reset(&sb);
	assert_int_equal(sb.len, 0);
	assert_string_equal(sb.buf, "");
	s = strbuf_detach(&sb, &len);
	assert_int_equal(len, 0);
	assert_string_equal(s, "");
	free(s);
	s = strbuf_detach(&sb, NULL); /* never allocated: still a string */
	assert_non_null(s);
	free(s);
	assert_int_equal(strbuf_read_file(&sb, "/nonexistent/file", 0), -1);
	assert_int_equal(sb.len, 0);
	strbuf_release(&sb);
}

static void test_strvec(void **state)
{
	struct strvec sv = STRVEC_INIT;

	(void)state;
	assert_null(sv.v[0]);
	for (int i = 0; i < 100; i++)
		assert_int_equal(strvec_push(&sv, i % 2 ? "odd" : "even"), 0);
	assert_int_equal(sv.nr, 100);
	assert_null(sv.v[100]);
	assert_int_equal(strvec_find(&sv, "odd"), 1);
	assert_int_equal(strvec_find(&sv, "none"), -1);
	assert_int_equal(strvec_pushn(&sv, "abcdef", 3), 0);
	assert_string_equal(sv.v[100], "abc");
	strvec_clear(&sv);
	assert_int_equal(sv.nr, 0);
	assert_null(sv.v[0]);
}

static void check_json(const char *in, size_t len, const char *want, bool want_lossy)
{
	struct strbuf sb = STRBUF_INIT;
	bool lossy = false;

	assert_int_equal(json_add_string(&sb, in, len, &lossy), 0);
	assert_string_equal(sb.buf, want);
	assert_int_equal(lossy, want_lossy);
	strbuf_release(&sb);
}

static void test_json_string(void **state)
{
	(void)state;
	check_json("plain", 5, "\"plain\"", false);
	check_json("q\"b\\", 4, "\"q\\\"b\\\\\"", false);
	check_json("a\nb\tc\x01", 6, "\"a\\nb\\tc\\u0001\"", false);
	check_json("Gr\xc3\xbc\xc3\x9f \xe2\x82\xac \xf0\x9f\x98\x80", 15,
		   "\"Gr\xc3\xbc\xc3\x9f \xe2\x82\xac \xf0\x9f\x98\x80\"", false);
	/* invalid UTF-8: a lone continuation byte, an overlong form, a surrogate */
	check_json("a\x80z", 3, "\"a\\u0080z\"", true);
	check_json("\xc0\xaf", 2, "\"\\u00c0\\u00af\"", true);
	check_json("\xed\xa0\x80", 3, "\"\\u00ed\\u00a0\\u0080\"", true);
	check_json("\xe2\x82", 2, "\"\\u00e2\\u0082\"", true); /* truncated */
}

static void check_norm(const char *in, const char *want)
{
	char buf[256];

	snprintf(buf, sizeof(buf), "%s", in);
	path_normalize(buf);
	assert_string_equal(buf, want);
}

static void test_paths(void **state)
{
	struct strbuf sb = STRBUF_INIT;

	(void)state;
	check_norm("core/../x/y.h", "x/y.h");
	check_norm("/usr/lib/gcc/x86_64-linux-gnu/12/../../../x86_64-linux-gnu/libz.so",
		   "/usr/lib/x86_64-linux-gnu/libz.so");
	check_norm("./a//b/./c", "a/b/c");
	check_norm("../../a", "../../a");
	check_norm("a/../../b", "../b");
	check_norm("/..", "/");
	check_norm("/a/b/../..", "/");
	check_norm("a/..", ".");
	check_norm(".", ".");
	check_norm("/", "/");
	assert_string_equal(path_basename("/a/b/c.o"), "c.o");
	assert_string_equal(path_basename("c.o"), "c.o");
	assert_string_equal(path_extension("dir.d/file"), "");
	assert_string_equal(path_extension("x.tar.gz"), ".gz");
	assert_string_equal(path_extension(".hidden"), "");
	assert_int_equal(path_join(&sb, "/a/", "b"), 0);
	assert_string_equal(sb.buf, "/a/b");
	strbuf_release(&sb);
}

static void test_glob(void **state)
{
	(void)state;
	assert_true(pathglob_match("third_party/zlib/**", "third_party/zlib/inflate.c"));
	assert_true(pathglob_match("third_party/zlib/**", "third_party/zlib/contrib/x/y.c"));
	assert_true(pathglob_match("third_party/zlib/**", "third_party/zlib"));
	assert_false(pathglob_match("third_party/zlib/**", "third_party/zlibx/a.c"));
	assert_true(pathglob_match("third_party/zlib/", "third_party/zlib/a/b.h"));
	assert_true(pathglob_match("src/*.c", "src/main.c"));
	assert_false(pathglob_match("src/*.c", "src/sub/x.c"));
	assert_false(pathglob_match("src/*.c", "src/main.h"));
	assert_true(pathglob_match("**/LICENSE", "a/b/LICENSE"));
	assert_true(pathglob_match("**/LICENSE", "LICENSE"));
	assert_true(pathglob_match("src/**/*.h", "src/a/b/c.h"));
	assert_true(pathglob_match("src/**/*.h", "src/c.h"));
	assert_false(pathglob_match("src/**/*.h", "lib/c.h"));
	assert_true(pathglob_match("/usr/include/zlib.h", "/usr/include/zlib.h"));
	assert_true(pathglob_match("/opt/acme/**", "/opt/acme/lib/libsdk.a"));
	assert_true(pathglob_match("tests/**", "tests/test_alarm.c"));
	assert_false(pathglob_match("tests/**", "src/tests.c"));
	assert_true(pathglob_match("lib/[ab]*/*.c", "lib/alarm/alarm.c"));
	assert_false(pathglob_match("", "a"));
	assert_true(pathglob_match("", ""));
	/* many "**" cannot blow up */
	assert_false(pathglob_match("**/**/**/**/**/**/**/**/**/**/**/**/x",
				    "a/b/c/d/e/f/g/h/i/j/k/l/m/n/y"));
}

static void hex(const unsigned char *d, size_t n, char *out)
{
	for (size_t i = 0; i < n; i++)
		snprintf(out + 2 * i, 3, "%02x", d[i]);
}

/* FIPS 180-4 example vectors, then every padding boundary against coreutils. */
static void test_digest(void **state)
{
	static const struct {
		const char *msg, *h256, *h512;
	} v[] = {
		{ "", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
		  "cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce"
		  "47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a81a538327af927da3e" },
		{ "abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
		  "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a"
		  "2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f" },
		{ "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
		  "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1", NULL },
		{ "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmno"
		  "ijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
		  NULL,
		  "8e959b75dae313da8cf4f72814fc143f8f7779c6eb9f7fa17299aeadb6889018"
		  "501d289e4900f7e4331b99dec4b5433ac7d329eeb6dd26545e96e55b874be909" },
	};
	char dir[] = "/tmp/st-digest-XXXXXX", out[129];
	unsigned char d1[20], d256[32], d512[64], data[300];
	struct file_digests fd;
	struct strbuf err = STRBUF_INIT, expect = STRBUF_INIT;

	for (size_t i = 0; i < sizeof(v) / sizeof(*v); i++) {
		struct sha1 s1;
		struct sha256 s256;
		struct sha512 s512;

		sha1_init(&s1);
		sha1_update(&s1, v[i].msg, strlen(v[i].msg));
		sha1_final(&s1, d1);
		if (i == 1) {
			hex(d1, 20, out);
			assert_string_equal(out, "a9993e364706816aba3e25717850c26c9cd0d89d");
		}
		sha256_init(&s256);
		sha512_init(&s512);
		/* fed in two pieces: the split must not matter */
		sha256_update(&s256, v[i].msg, strlen(v[i].msg) / 3);
		sha256_update(&s256, v[i].msg + strlen(v[i].msg) / 3,
			      strlen(v[i].msg) - strlen(v[i].msg) / 3);
		sha512_update(&s512, v[i].msg, strlen(v[i].msg));
		sha256_final(&s256, d256);
		sha512_final(&s512, d512);
		if (v[i].h256) {
			hex(d256, 32, out);
			assert_string_equal(out, v[i].h256);
		}
		if (v[i].h512) {
			hex(d512, 64, out);
			assert_string_equal(out, v[i].h512);
		}
	}
	assert_non_null(mkdtemp(dir));
	for (size_t i = 0; i < sizeof(data); i++)
		data[i] = (unsigned char)(i * 7 + 3);
	for (size_t len = 0; len <= sizeof(data); len++) {
		if (len > 20 && len % 7 && !(len >= 50 && len <= 70) &&
		    !(len >= 105 && len <= 135) && !(len >= 235 && len <= 260))
			continue; /* the padding boundaries of both, and a sample of the rest */
		tu_write_bytes(dir, "f", data, len);
		assert_int_equal(digest_file(dir, &fd, &err), -1); /* a directory */
		strbuf_reset(&err);
		{
			struct strbuf path = STRBUF_INIT;

			strbuf_addf(&path, "%s/f", dir);
			assert_int_equal(digest_file(path.buf, &fd, &err), 0);
			strbuf_release(&path);
		}
		strbuf_reset(&expect);
		assert_int_equal(tu_capture(dir, &expect,
					    "sha1sum f | cut -c1-40 | tr -d '\\n'; "
					    "sha256sum f | cut -c1-64 | tr -d '\\n'; "
					    "sha512sum f | cut -c1-128 | tr -d '\\n'"),
				 0);
		assert_int_equal(expect.len, 40 + 64 + 128);
		assert_memory_equal(expect.buf, fd.sha1, 40);
		assert_memory_equal(expect.buf + 40, fd.sha256, 64);
		assert_memory_equal(expect.buf + 104, fd.sha512, 128);
	}
	assert_int_equal(digest_file("/nonexistent/x", &fd, &err), -1);
	assert_non_null(strstr(err.buf, "/nonexistent/x"));
	{
		/* strbuf_read_prefix: bounded, appended, regular files only */
		struct strbuf sb = STRBUF_INIT, path = STRBUF_INIT;

		strbuf_addf(&path, "%s/f", dir);
		strbuf_addstr(&sb, "<");
		assert_int_equal(strbuf_read_prefix(&sb, path.buf, 5, NULL), 0);
		assert_int_equal(sb.len, 6);
		assert_memory_equal(sb.buf + 1, data, 5);
		assert_int_equal(sb.buf[6], '\0');
		strbuf_reset(&err);
		assert_int_equal(strbuf_read_prefix(&sb, dir, 5, &err), -1);
		assert_non_null(strstr(err.buf, "not a regular file"));
		strbuf_release(&sb);
		strbuf_release(&path);
	}
	tu_remove_tree(dir);
	strbuf_release(&err);
	strbuf_release(&expect);
}

/*
 * file_id_read: the SHA-256 sha256sum prints, the build-id readelf prints
 * for a real link (also of a stripped copy), none for an object; truncated
 * and garbage ELF files give no build-id and no crash.
 */
static void test_file_id(void **state)
{
	char dir[] = "/tmp/st-fileid-XXXXXX";
	struct strbuf out = STRBUF_INIT, path = STRBUF_INIT, err = STRBUF_INIT;
	struct file_id id, sid;

	(void)state;
	assert_non_null(mkdtemp(dir));
	tu_write_bytes(dir, "a.c", "int main(void){return 0;}\n", 26);
	assert_int_equal(tu_run(dir, "cc -Wl,--build-id=sha1 -o a a.c && cc -c a.c -o a.o && "
				     "strip -o s a && head -c 100 a > cut && "
				     "head -c 64 a > hdr && printf 'ELF' > tiny"),
			 0);
	strbuf_addf(&path, "%s/a", dir);
	assert_int_equal(file_id_read(path.buf, true, &id, &err), 0);
	assert_int_equal(tu_capture(dir, &out, "sha256sum a | cut -c1-64 | tr -d '\\n'"), 0);
	assert_string_equal(id.sha256, out.buf);
	strbuf_reset(&out);
	assert_int_equal(tu_capture(dir, &out,
				    "readelf -n a | sed -n 's/.*Build ID: //p' | "
				    "tr -d '\\n'"),
			 0);
	assert_int_equal(strlen(id.build_id), 40);
	assert_string_equal(id.build_id, out.buf);
	strbuf_reset(&path);
	strbuf_addf(&path, "%s/s", dir);
	assert_int_equal(file_id_read(path.buf, true, &sid, &err), 0);
	assert_string_equal(sid.build_id, id.build_id);
	assert_string_not_equal(sid.sha256, id.sha256);
	for (size_t i = 0; i < 4; i++) {
		static const char *const names[] = { "a.o", "cut", "hdr", "tiny" };

		strbuf_reset(&path);
		strbuf_addf(&path, "%s/%s", dir, names[i]);
		assert_int_equal(file_id_read(path.buf, true, &sid, &err), 0);
		assert_string_equal(sid.build_id, "");
	}
	assert_string_equal(id.load_sha256, ""); /* a build-id: no need */
	/* without a build-id: the loadable contents recognise a stripped copy
	 * (strip rewrites the ELF header's section-header fields) and tell a
	 * relink with other code apart */
	tu_write_bytes(dir, "b.c", "int main(void){return 1;}\n", 26);
	assert_int_equal(tu_run(dir, "cc -g -Wl,--build-id=none -o n a.c && strip -o ns n && "
				     "objcopy --strip-debug n nd && "
				     "cc -g -Wl,--build-id=none -o nb b.c"),
			 0);
	{
		static const char *const names[] = { "n", "ns", "nd", "nb" };
		struct file_id ids[4];

		for (size_t i = 0; i < 4; i++) {
			strbuf_reset(&path);
			strbuf_addf(&path, "%s/%s", dir, names[i]);
			assert_int_equal(file_id_read(path.buf, true, &ids[i], &err), 0);
			assert_string_equal(ids[i].build_id, "");
			assert_int_equal(strlen(ids[i].load_sha256), 64);
		}
		assert_string_not_equal(ids[0].sha256, ids[1].sha256);
		assert_string_not_equal(ids[0].sha256, ids[2].sha256);
		assert_string_equal(ids[0].load_sha256, ids[1].load_sha256);
		assert_string_equal(ids[0].load_sha256, ids[2].load_sha256);
		assert_string_not_equal(ids[0].load_sha256, ids[3].load_sha256);
		strbuf_reset(&path);
		strbuf_addf(&path, "%s/n", dir);
		assert_int_equal(file_id_read(path.buf, false, &ids[0], &err), 0);
		assert_string_equal(ids[0].load_sha256, ""); /* only when asked */
	}
	strbuf_reset(&path);
	strbuf_addf(&path, "%s/missing", dir);
	assert_int_equal(file_id_read(path.buf, true, &sid, &err), -1);
	assert_non_null(strstr(err.buf, "missing: No such file"));
	assert_int_equal(file_id_read(dir, false, &sid, &err), -1);
	tu_remove_tree(dir);
	strbuf_release(&out);
	strbuf_release(&path);
	strbuf_release(&err);
}

/*
 * The memory policy (alloc.h): without it a failed growth returns -1; with
 * it (the souptrace command) the program ends with a message and exit 2.
 * A request no allocator can meet stands for memory running out.
 */
static void test_alloc_policy(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	struct strvec sv = STRVEC_INIT;
	int status, fds[2];
	char msg[4096] = "";
	ssize_t n;
	pid_t pid;

	(void)state;
	assert_int_equal(strbuf_grow(&sb, SIZE_MAX / 2), -1);
	assert_int_equal(strbuf_grow(&sb, SIZE_MAX - 1), -1);
	assert_int_equal(strvec_push(&sv, "kept"), 0);
	assert_int_equal(sv.nr, 1);
	assert_int_equal(pipe(fds), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (!pid) {
		dup2(fds[1], 2);
		alloc_die_on_failure("policy-test");
		strbuf_grow(&sb, SIZE_MAX / 2);
		_exit(0); /* not reached */
	}
	close(fds[1]);
	/* everything the child said (under ASan its own warning comes first) */
	for (size_t got = 0; (n = read(fds[0], msg + got, sizeof(msg) - 1 - got)) > 0;)
		got += (size_t)n;
	close(fds[0]);
	assert_true(strlen(msg) > 0);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 2);
	assert_non_null(strstr(msg, "policy-test: out of memory"));
	strvec_clear(&sv);
	strbuf_release(&sb);
}

/* Terminal escaping: controls, C1 controls and stray bytes shown, UTF-8 kept. */
static void test_term_text(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	const char *plain = "caf\xc3\xa9 \xe2\x82\xac a\\b";

	(void)state;
	assert_ptr_equal(term_text(plain), plain); /* nothing to do: no copy */
	assert_null(term_text(NULL));
	assert_string_equal(term_text("a\033[31mb\007"), "a\\033[31mb\\007");
	assert_string_equal(term_text("t\tn\nr\r\x7f"), "t\\tn\\nr\\r\\177");
	assert_string_equal(term_text("csi\xc2\x9b"
				      "2J nbsp\xc2\xa0"),
			    "csi\\302\\2332J nbsp\xc2\xa0");
	assert_string_equal(term_text("bad\xff\xc3(\xed\xa0\x80"), "bad\\377\\303(\\355\\240\\200");
	assert_int_equal(strbuf_add_term(&sb, "x\033"), 0);
	assert_string_equal(sb.buf, "x\\033");
	assert_int_equal(utf8_char_len("\xf4\x8f\xbf\xbf", 4), 4);
	assert_int_equal(utf8_char_len("\xf4\x90\x80\x80", 4), 0);
	assert_int_equal(utf8_char_len("\xe2\x82", 2), 0);
	assert_int_equal(utf8_char_len("\xc0\xaf", 2), 0);
	strbuf_release(&sb);
}

/* XML escaping: markup as references, what XML 1.0 forbids and stray bytes as U+FFFD. */
static void test_xml_text(void **state)
{
	struct strbuf sb = STRBUF_INIT;

	(void)state;
	assert_int_equal(strbuf_add_xml(&sb, "a<b>&\"c'"), 0);
	assert_string_equal(sb.buf, "a&lt;b&gt;&amp;&quot;c&apos;");
	strbuf_reset(&sb);
	assert_int_equal(strbuf_add_xml(&sb, "esc\033 tab\t lf\n cr\r"), 0);
	assert_string_equal(sb.buf, "esc\xef\xbf\xbd tab\t lf\n cr&#xd;");
	strbuf_reset(&sb);
	assert_int_equal(strbuf_add_xml(&sb, "bad\xff nc\xef\xbf\xbe caf\xc3\xa9"), 0);
	assert_string_equal(sb.buf, "bad\xef\xbf\xbd nc\xef\xbf\xbd caf\xc3\xa9");
	strbuf_reset(&sb);
	assert_int_equal(strbuf_add_xml(&sb, NULL), 0);
	assert_int_equal(sb.len, 0);
	strbuf_release(&sb);
}

/* realcache_get answers as realpath() does, through links of directories and files, twice. */
static void test_realcache(void **state)
{
	char dir[] = "/tmp/st-realcache-XXXXXX";
	struct realcache rc = REALCACHE_INIT;
	struct strbuf p = STRBUF_INIT, out = STRBUF_INIT;
	char *real;
	FILE *f;
	const char *const asks[] = { "d/f.c",	 "ld/f.c",  "d/lf.c", "ld/lf.c", "d/none.c",
				     "none/f.c", "d/f.c/x", "d",      "ld" };

	(void)state;
	assert_non_null(mkdtemp(dir));
	strbuf_addf(&p, "%s/d", dir);
	assert_int_equal(mkdir(p.buf, 0755), 0);
	strbuf_addstr(&p, "/f.c");
	assert_non_null(f = fopen(p.buf, "w"));
	fclose(f);
	strbuf_reset(&p);
	strbuf_addf(&p, "%s/ld", dir);
	assert_int_equal(symlink("d", p.buf), 0); /* a link to the directory */
	strbuf_reset(&p);
	strbuf_addf(&p, "%s/d/lf.c", dir);
	assert_int_equal(symlink("f.c", p.buf), 0); /* a link to the file */
	for (int round = 0; round < 2; round++) {   /* the second from the cache */
		for (size_t i = 0; i < sizeof(asks) / sizeof(*asks); i++) {
			strbuf_reset(&p);
			strbuf_addf(&p, "%s/%s", dir, asks[i]);
			real = realpath(p.buf, NULL);
			if (real) {
				assert_int_equal(realcache_get(&rc, p.buf, &out), 0);
				assert_string_equal(out.buf, real);
			} else {
				assert_int_equal(realcache_get(&rc, p.buf, &out), -1);
			}
			free(real);
		}
	}
	realcache_release(&rc);
	strbuf_reset(&p);
	strbuf_addf(&p, "rm -rf '%s'", dir);
	assert_int_equal(system(p.buf), 0);
	strbuf_release(&p);
	strbuf_release(&out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_strbuf),	     cmocka_unit_test(test_term_text),
		cmocka_unit_test(test_xml_text),     cmocka_unit_test(test_realcache),
		cmocka_unit_test(test_strvec),	     cmocka_unit_test(test_json_string),
		cmocka_unit_test(test_paths),	     cmocka_unit_test(test_glob),
		cmocka_unit_test(test_digest),	     cmocka_unit_test(test_file_id),
		cmocka_unit_test(test_alloc_policy),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

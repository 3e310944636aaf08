/* SPDX-License-Identifier: Apache-2.0 */
/* The option tables of the souptrace commands (options.h). */
#include "options.h"

#include <string.h>
#include <sys/stat.h>

#include "ascii.h"
#include "cli.h"
#include "banned.h"

static enum options_describe describe_mode = OPTIONS_PARSE;

void options_describe(enum options_describe mode)
{
	describe_mode = mode;
}

static const struct option *find(const struct option *opts, const char *name, size_t n)
{
	for (const struct option *o = opts; o->name; o++)
		if ((strlen(o->name) == n && !strncmp(o->name, name, n)) ||
		    (o->alias && strlen(o->alias) == n && !strncmp(o->alias, name, n)))
			return o;
	return NULL;
}

/* Whether word is one of the '|'-separated choices. */
static bool is_choice(const char *choices, const char *word)
{
	size_t n = strlen(word);

	for (const char *p = choices; p && *p;) {
		const char *bar = strchr(p, '|');
		size_t len = bar ? (size_t)(bar - p) : strlen(p);

		if (len == n && !strncmp(p, word, n))
			return true;
		p = bar ? bar + 1 : NULL;
	}
	return false;
}

/* "text, json or sarif" from "text|json|sarif". */
static void add_choices(struct strbuf *sb, const char *choices)
{
	for (const char *p = choices; *p; p++) {
		if (*p != '|') {
			strbuf_addch(sb, *p);
			continue;
		}
		strbuf_addstr(sb, strchr(p + 1, '|') ? ", " : " or ");
	}
}

static int store(const struct command_spec *cmd, const struct option *o, const char *argument)
{
	struct strbuf err = STRBUF_INIT;
	int ret = 0;

	switch (o->type) {
	case OPT_STRING:
	case OPT_OUTFILE:
		*(const char **)o->value = argument;
		break;
	case OPT_CHOICE:
		if (!is_choice(o->arg, argument)) {
			strbuf_addf(&err, "unknown value '%s' (", argument);
			add_choices(&err, o->arg);
			strbuf_addch(&err, ')');
			ret = -1;
		} else {
			*(const char **)o->value = argument;
		}
		break;
	case OPT_FLAG:
		*(bool *)o->value = true;
		break;
	case OPT_CALLBACK:
		ret = o->cb(o->value, argument, &err);
		break;
	}
	if (ret)
		cli_error("%s: %s: %s", cmd->name, o->name, err.buf);
	strbuf_release(&err);
	return ret;
}

/* Whether a and b name the same existing file (a link and its target do). */
static bool same_file(const char *a, const char *b)
{
	struct stat sa, sb;

	return stat(a, &sa) == 0 && stat(b, &sb) == 0 && sa.st_dev == sb.st_dev &&
	       sa.st_ino == sb.st_ino && S_ISREG(sa.st_mode);
}

/*
 * An output (OPT_OUTFILE) that is also an input - an operand, or a "FILE"
 * option such as --soup - would replace what the command reads: refused
 * before anything is read or written. 0, or -1 (printed).
 */
static int check_outputs(const struct command_spec *cmd, const struct option *opts,
			 const struct strvec *operands)
{
	for (const struct option *out = opts; out->name; out++) {
		const char *path = out->type == OPT_OUTFILE ? *(const char **)out->value : NULL;

		if (!path)
			continue;
		for (size_t i = 0; i < operands->nr; i++) {
			if (same_file(path, operands->v[i])) {
				cli_error("%s: %s %s is also an input (%s); write the output "
					  "elsewhere",
					  cmd->name, out->name, path, operands->v[i]);
				return -1;
			}
		}
		for (const struct option *in = opts; in->name; in++) {
			const char *input =
				in->type == OPT_STRING && in->arg && !strcmp(in->arg, "FILE")
					? *(const char **)in->value
					: NULL;

			if (input && same_file(path, input)) {
				cli_error("%s: %s %s is also an input (%s %s); write the output "
					  "elsewhere",
					  cmd->name, out->name, path, in->name, input);
				return -1;
			}
		}
	}
	return 0;
}

void roff_escape(FILE *f, const char *text, bool dashes)
{
	if (*text == '.' || *text == '\'')
		fputs("\\&", f);
	for (const char *p = text; *p; p++) {
		if (*p == '\\')
			fputs("\\e", f);
		else if (*p == '-' && dashes)
			fputs("\\-", f);
		else
			fputc(*p, f);
	}
}

/* "\fB\-\-soup\fR\ \fIFILE\fR": an option and its argument, bold and italic. */
static void roff_option(FILE *f, const char *name, const char *arg)
{
	fputs("\\fB", f);
	roff_escape(f, name, true);
	fputs("\\fR", f);
	if (arg) {
		fputs("\\ \\fI", f);
		roff_escape(f, arg, false);
		fputs("\\fR", f);
	}
}

/*
 * The generated part of the command's man page souptrace-NAME(1) (a space
 * in the name as '-'): the title, NAME, SYNOPSIS and OPTIONS. The prose of
 * man/ goes in at the roff comment line before OPTIONS (man/manpage.cmake).
 */
static void describe_man(const struct command_spec *cmd, const struct option *opts)
{
	FILE *f = stdout;

	fputs(".TH \"SOUPTRACE-", f);
	for (const char *p = cmd->name; *p; p++)
		fputc(*p == ' ' ? '-' : ascii_is_lower(*p) ? *p - 'a' + 'A' : *p, f);
	fprintf(f, "\" 1 \"\" \"souptrace %s\" \"souptrace manual\"\n", SOUPTRACE_VERSION);
	fputs(".nh\n.SH NAME\nsouptrace\\-", f);
	for (const char *p = cmd->name; *p; p++)
		fputc(*p == ' ' ? '-' : *p, f);
	fputs(" \\- ", f);
	roff_escape(f, cmd->summary, false);
	fputs("\n.SH SYNOPSIS\n.B souptrace ", f);
	roff_escape(f, cmd->name, false);
	fputc('\n', f);
	for (const struct option *o = opts; o->name; o++) {
		fputs(o->required ? "" : "[", f);
		roff_option(f, o->name, o->arg);
		fputs(o->required ? "\n" : "]\n", f);
	}
	if (cmd->operands) {
		fputs("\\fI", f);
		roff_escape(f, cmd->operands, false);
		fputs("\\fR\n", f);
	}
	fputs(".\\\" @OPTIONS@\n.SH OPTIONS\n", f);
	for (const struct option *o = opts; o->name; o++) {
		fputs(".TP\n", f);
		roff_option(f, o->name, o->arg);
		if (o->alias) {
			fputs(", ", f);
			roff_option(f, o->alias, o->arg);
		}
		fputc('\n', f);
		roff_escape(f, o->help, false);
		fputs(o->required ? " (required).\n" : ".\n", f);
	}
	fputs(".TP\n\\fB\\-h\\fR, \\fB\\-\\-help\\fR\nprint the options and exit.\n"
	      ".TP\n\\fB\\-\\-version\\fR\nprint souptrace's version and exit.\n",
	      f);
}

/*
 * The command's rows of the bash completion table (completion/): for every
 * option, what its argument is - flag, file, dir, value, or "choice" and
 * the words - and the command's operands.
 */
static void describe_complete(const struct command_spec *cmd, const struct option *opts)
{
	static const struct option standard[] = {
		{ "--help", "-h", OPT_FLAG, NULL, NULL, NULL, false, NULL },
		{ "--version", NULL, OPT_FLAG, NULL, NULL, NULL, false, NULL },
		OPT_END,
	};

	printf("_souptrace_operands['%s']='%s'\n", cmd->name, cmd->operands ? cmd->operands : "");
	for (const struct option *table = opts; table; table = table == opts ? standard : NULL) {
		for (const struct option *o = table; o->name; o++) {
			for (int spelling = 0; spelling < 2; spelling++) {
				const char *name = spelling ? o->alias : o->name;

				if (!name)
					continue;
				printf("_souptrace_options['%s %s']='", cmd->name, name);
				if (!o->arg) {
					fputs("flag", stdout);
				} else if (strchr(o->arg, '|')) {
					fputs("choice ", stdout);
					for (const char *p = o->arg; *p; p++)
						putchar(*p == '|' ? ' ' : *p);
				} else if (strstr(o->arg, "DIR") || strstr(o->arg, "TRACE")) {
					fputs("dir", stdout);
				} else if (strstr(o->arg, "FILE") || strstr(o->arg, "PATH")) {
					fputs("file", stdout);
				} else {
					fputs("value", stdout);
				}
				fputs("'\n", stdout);
			}
		}
	}
}

static void usage_error(const struct command_spec *cmd, const struct option *opts)
{
	print_usage(stderr, cmd, opts, false);
}

int parse_options(const struct command_spec *cmd, const struct option *opts, int argc, char **argv,
		  struct strvec *operands)
{
	bool only_operands = false;

	if (describe_mode == OPTIONS_MAN) {
		describe_man(cmd, opts);
		return 1;
	}
	if (describe_mode == OPTIONS_COMPLETE) {
		describe_complete(cmd, opts);
		return 1;
	}
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i], *eq, *argument;
		const struct option *o;

		if (only_operands || a[0] != '-' || !a[1]) {
			if (strvec_push(operands, a)) {
				cli_error("%s: out of memory", cmd->name);
				return -1;
			}
			continue;
		}
		if (!strcmp(a, "--")) {
			only_operands = true;
			continue;
		}
		if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			print_usage(stdout, cmd, opts, true);
			return 1;
		}
		if (!strcmp(a, "--version")) { /* whichever command a script tries it on */
			printf("souptrace %s\n", SOUPTRACE_VERSION);
			return 1;
		}
		eq = !strncmp(a, "--", 2) ? strchr(a, '=') : NULL;
		o = find(opts, a, eq ? (size_t)(eq - a) : strlen(a));
		if (!o) {
			cli_error("%s: unknown option '%s'", cmd->name, a);
			usage_error(cmd, opts);
			return -1;
		}
		if (!o->arg) {
			if (eq) {
				cli_error("%s: %s takes no argument", cmd->name, o->name);
				return -1;
			}
			if (store(cmd, o, NULL))
				return -1;
			continue;
		}
		if (eq) {
			argument = eq + 1;
		} else if (i + 1 < argc) {
			argument = argv[++i];
		} else {
			cli_error("%s: %s needs an argument", cmd->name, a);
			return -1;
		}
		if (store(cmd, o, argument))
			return -1;
	}
	for (const struct option *o = opts; o->name; o++) {
		if (o->required && o->type != OPT_FLAG && o->type != OPT_CALLBACK &&
		    !*(const char **)o->value) {
			cli_error("%s: %s %s is required", cmd->name, o->name, o->arg);
			usage_error(cmd, opts);
			return -1;
		}
	}
	if (operands->nr < cmd->min_operands) {
		if (cmd->min_operands > 1)
			cli_error("%s: needs %s", cmd->name, cmd->operands);
		else
			cli_error("%s: name at least one %s", cmd->name, cmd->operands);
		usage_error(cmd, opts);
		return -1;
	}
	if (cmd->max_operands && operands->nr > cmd->max_operands) {
		cli_error("%s: too many arguments ('%s'): %s", cmd->name,
			  operands->v[cmd->max_operands], cmd->operands);
		usage_error(cmd, opts);
		return -1;
	}
	return check_outputs(cmd, opts, operands);
}

bool cli_parse(const struct command_spec *cmd, const struct option *opts, int argc, char **argv,
	       struct strvec *operands, int *exit_code)
{
	int parsed = parse_options(cmd, opts, argc, argv, operands);

	if (parsed)
		*exit_code = parsed > 0 ? EXIT_OK : EXIT_USAGE;
	return !parsed;
}

/* One option as the synopsis shows it: "--soup FILE", "[--strict]". */
static void synopsis_item(struct strbuf *sb, const struct option *o)
{
	if (!o->required)
		strbuf_addch(sb, '[');
	strbuf_addstr(sb, o->name);
	if (o->arg)
		strbuf_addf(sb, " %s", o->arg);
	if (!o->required)
		strbuf_addch(sb, ']');
}

void print_usage(FILE *f, const struct command_spec *cmd, const struct option *opts, bool full)
{
	struct strbuf line = STRBUF_INIT, item = STRBUF_INIT;
	const size_t width = 88;

	strbuf_addf(&line, "usage: souptrace %s", cmd->name);
	for (const struct option *o = opts;; o++) {
		strbuf_reset(&item);
		if (o->name)
			synopsis_item(&item, o);
		else if (cmd->operands)
			strbuf_addstr(&item, cmd->operands);
		if (item.len) {
			if (line.len + 1 + item.len > width) {
				fprintf(f, "%s\n", line.buf);
				strbuf_reset(&line);
				strbuf_addstr(&line, "      ");
			}
			strbuf_addf(&line, " %s", item.buf);
		}
		if (!o->name)
			break;
	}
	fprintf(f, "%s\n", line.buf);
	if (full) {
		fprintf(f, "\n%s.\n\noptions:\n", cmd->summary);
		for (const struct option *o = opts; o->name; o++) {
			strbuf_reset(&item);
			strbuf_addstr(&item, o->name);
			if (o->alias)
				strbuf_addf(&item, ", %s", o->alias);
			if (o->arg)
				strbuf_addf(&item, " %s", o->arg);
			/* a long option and its argument: the help on a line of its own */
			if (item.len > 28) {
				fprintf(f, "  %s\n", item.buf);
				strbuf_reset(&item);
			}
			fprintf(f, "  %-28s %s%s\n", item.buf, o->help,
				o->required ? " (required)" : "");
		}
		fprintf(f, "  %-28s %s\n  %-28s %s\n", "-h, --help", "this help", "--version",
			"print souptrace's version");
		/* the installed man page and documents (man/, CMakeLists.txt) */
		fputs("\n'man souptrace-", f);
		for (const char *p = cmd->name; *p; p++)
			fputc(*p == ' ' ? '-' : *p, f);
		fprintf(f, "' and %s say more.\n", SOUPTRACE_DOCDIR);
	}
	strbuf_release(&line);
	strbuf_release(&item);
}

int opt_safety_class(void *value, const char *argument, struct strbuf *err)
{
	if (strlen(argument) != 1 || !strchr("ABC", argument[0])) {
		strbuf_addf(err, "'%s' is not A, B or C", argument);
		return -1;
	}
	*(char *)value = argument[0];
	return 0;
}

int opt_evidence(void *value, const char *argument, struct strbuf *err)
{
	if (strcmp(argument, "binary") && strcmp(argument, "trace")) {
		strbuf_addf(err, "'%s' is not trace (the default) or binary", argument);
		return -1;
	}
	*(bool *)value = !strcmp(argument, "binary");
	return 0;
}

int opt_append(void *value, const char *argument, struct strbuf *err)
{
	(void)err;
	return strvec_push(value, argument);
}

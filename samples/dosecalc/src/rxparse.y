/* SPDX-License-Identifier: LicenseRef-Northwind-Proprietary */
/* Copyright 2025-2026 Northwind Infusion Systems. All rights reserved. */
/* The prescription line: DRUG AMOUNT UNIT in VOLUME mL at RATE UNIT/h */
%code requires {
#include "dose.h"
}
%{
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compat.h"

static const char *rx_input;
static struct prescription *rx_out;
static int yylex(void);
static void yyerror(const char *msg);
int rx_parse(const char *line, struct prescription *out);
%}
%union { double num; char word[32]; }
%token <num> NUMBER
%token <word> WORD
%token IN AT ML PERH
%%
line: WORD NUMBER WORD IN NUMBER ML AT NUMBER WORD PERH {
	kc_strlcpy(rx_out->drug, $1, sizeof(rx_out->drug));
	rx_out->amount = $2;
	kc_strlcpy(rx_out->amount_unit, $3, sizeof(rx_out->amount_unit));
	rx_out->volume_ml = $5;
	rx_out->rate = $8;
	kc_strlcpy(rx_out->rate_unit, $9, sizeof(rx_out->rate_unit));
};
%%
static int yylex(void)
{
	char w[32];
	size_t n = 0;

	while (*rx_input == ' ')
		rx_input++;
	if (!*rx_input)
		return 0;
	if (isdigit((unsigned char)*rx_input)) {
		char *end;

		yylval.num = strtod(rx_input, &end);
		rx_input = end;
		return NUMBER;
	}
	if (!strncmp(rx_input, "/h", 2)) {
		rx_input += 2;
		return PERH;
	}
	while (*rx_input && *rx_input != ' ' && *rx_input != '/' && n < sizeof(w) - 1)
		w[n++] = *rx_input++;
	w[n] = '\0';
	if (!n)
		return *rx_input++;
	if (!strcmp(w, "in"))
		return IN;
	if (!strcmp(w, "at"))
		return AT;
	if (!strcmp(w, "mL"))
		return ML;
	kc_strlcpy(yylval.word, w, sizeof(yylval.word));
	return WORD;
}

static void yyerror(const char *msg)
{
	fprintf(stderr, "dosecalc: %s\n", msg);
}

int rx_parse(const char *line, struct prescription *out)
{
	rx_input = line;
	rx_out = out;
	return yyparse();
}

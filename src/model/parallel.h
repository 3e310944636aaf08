/* SPDX-License-Identifier: Apache-2.0 */
#ifndef SOUPTRACE_PARALLEL_H
#define SOUPTRACE_PARALLEL_H

/*
 * Work shared among threads, the CLI's way: the caller cuts its items into
 * n shares (share k takes items k, k + n, k + 2n, ...) and keeps each item's
 * result at the item's index, so that what comes out does not depend on
 * how the threads ran.
 */
#include <stddef.h>

/* The most shares parallel_shares() gives. */
#define PARALLEL_MAX_SHARES 8

/*
 * How many shares for nr items: one per processor (or $SOUPTRACE_THREADS),
 * at most 8, at least per_share items each.
 */
size_t parallel_shares(size_t nr, size_t per_share);

/*
 * run(&shares[k]) for every k < n (shares: n elements of size bytes each):
 * share 0 on the calling thread, the others on threads of their own, or on
 * the calling thread when a thread cannot be started. Returns when all are
 * done.
 */
void parallel_run(void *(*run)(void *), void *shares, size_t size, size_t n);

#endif

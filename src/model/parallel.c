/* SPDX-License-Identifier: Apache-2.0 */
#include "parallel.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <unistd.h>

#include "banned.h"

size_t parallel_shares(size_t nr, size_t per_share)
{
	const char *env = getenv("SOUPTRACE_THREADS");
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	size_t n;

	if (env && *env >= '1' && *env <= '9')
		cpus = strtol(env, NULL, 10);
	n = cpus > 1 ? (size_t)cpus : 1;

	if (n > PARALLEL_MAX_SHARES)
		n = PARALLEL_MAX_SHARES;
	if (per_share && n > (nr + per_share - 1) / per_share)
		n = (nr + per_share - 1) / per_share;
	return n ? n : 1;
}

void parallel_run(void *(*run)(void *), void *shares, size_t size, size_t n)
{
	pthread_t threads[PARALLEL_MAX_SHARES];
	bool started[PARALLEL_MAX_SHARES] = { false };
	char *share = shares;

	for (size_t k = 1; k < n && k < PARALLEL_MAX_SHARES; k++)
		started[k] = pthread_create(&threads[k], NULL, run, share + k * size) == 0;
	run(share);
	for (size_t k = 1; k < n; k++) {
		if (k < PARALLEL_MAX_SHARES && started[k])
			pthread_join(threads[k], NULL);
		else
			run(share + k * size); /* no thread: its share here */
	}
}

#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""A synthetic OSV database shaped like OSV's Debian:12 export (bench/audit-scale.sh).

gen-osv.py OUT N: N records DEBIAN-CVE-2099-NNNNN, one file each, in the
shape OSV publishes (id, modified, published, upstream, summary, details,
affected[] with a Debian:12 package, an ECOSYSTEM range and versions[],
ecosystem_specific, schema_version), each naming a source package of this
system (so that an audit finds matches) or a made-up one, 3,000 names in
all. Deterministic (seed 42). Every id says 2099: no real vulnerability.
"""
import json, os, random, sys, zipfile
random.seed(42)
out = sys.argv[1]; n = int(sys.argv[2])
os.makedirs(out, exist_ok=True)
# source packages: the real ones of this system first, then made-up names
real = sorted(set(l.split('\t')[1] or l.split('\t')[0] for l in os.popen("dpkg-query -W -f '${Package}\t${source:Package}\n'").read().splitlines() if '\t' in l))
names = real + ['synthpkg%04d' % i for i in range(3000 - len(real))] if len(real) < 3000 else real
words = "buffer overflow in the parser allows remote attackers to cause a denial of service via crafted input use after free heap".split()
for i in range(n):
    pkg = random.choice(names)
    rid = 'DEBIAN-CVE-2099-%05d' % i
    rec = {"id": rid, "modified": "2026-11-%02dT00:00:00Z" % (1 + i % 28), "published": "2026-01-01T00:00:00Z",
           "upstream": ["CVE-2099-%05d" % i],
           "summary": " ".join(random.choice(words) for _ in range(8)),
           "details": " ".join(random.choice(words) for _ in range(60)),
           "affected": [{"package": {"ecosystem": "Debian:12", "name": pkg, "purl": "pkg:deb/debian/%s?arch=source" % pkg},
                         "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": "%d.%d-%d+deb12u%d" % (random.randint(0,9), random.randint(0,40), random.randint(1,5), random.randint(1,9))}]}],
                         "versions": ["%d.%d-1" % (random.randint(0,9), k) for k in range(random.randint(0, 12))],
                         "ecosystem_specific": {"urgency": random.choice(["low", "medium", "high", "unimportant"])}}],
           "schema_version": "1.6.0"}
    with open(os.path.join(out, rid + ".json"), "w") as f:
        json.dump(rec, f, indent=2)

#!/usr/bin/perl
# SPDX-License-Identifier: Apache-2.0
# The normalisation of tests/e2e/golden.sh (tests/golden/README.md):
#   golden_normalise.pl WORK SRC MAP SOUP FILE...
# rewrites each FILE (the outputs of one sample, whose declared SOUP list is
# SOUP) in place. What legitimately
# differs between runs, clones and machines becomes a placeholder; a value
# that is not what it should be stays as printed, and so shows as a diff.
#
# - the digests and build-ids named by MAP ("KEY<tab>@NAME@" lines, golden.sh's
#   names(): the sample's tree; the first name wins where files are identical);
# - digests of other files the outputs name by absolute path (the system's
#   crt files, libraries, headers...), computed here from those files:
#   @SHA1(/path)@, @SHA256(/path)@, @SHA512(/path)@, @SHA256(/path)[:16]@;
# - the versions of the Debian packages the outputs name, read from dpkg here:
#   @DEBVER(pkg)@ (a binary package's version), @DEBVER(src:pkg)@ (a source
#   package's, as its binaries record it), @PURLVER(...)@ (the same,
#   percent-encoded as in a purl) and @UPVER(pkg)@ (the upstream part
#   souptrace derives from @DEBVER(pkg)@, where souptrace prints it: check's
#   upstream_version, init's drafted version, and diff's line about it);
# - the build directory (@WORK@), the source tree (@SRC@), trace record ids
#   (@ID1@... in order of first appearance), the SBOMs' UUIDs (@UUID1@...)
#   and the install prefix in init.json's "$schema" (file://@DATADIR@/...).
use strict;
use warnings;
use Digest::SHA;

my ($work, $src, $map, $soup, @files) = @ARGV;
die "usage: $0 WORK SRC MAP SOUP FILE...\n" unless defined $soup;

my %name;
open(my $m, '<', $map) or die "$map: $!";
while (<$m>) {
	chomp;
	my ($key, $placeholder) = split /\t/;
	$name{$key} //= $placeholder;
}
close $m;

my %text;
for my $f (@files) {
	local $/;
	open(my $in, '<', $f) or die "$f: $!";
	$text{$f} = <$in>;
	close $in;
}
my $all = join("\n", map { $text{$_} } @files);

# ---- digests of files outside the sample's tree, by the path the outputs
# give them. Where two paths have the same content (/lib/x86_64-linux-gnu
# is /usr/lib/x86_64-linux-gnu, identical headers), the first name wins:
# paths under /usr first, each group sorted.
my %path;
while ($all =~ m{(?<![\w@.+/-])(/[A-Za-z0-9._+/-]*[A-Za-z0-9_+-])}g) {
	$path{$1} = 1;
}
for my $p (sort { (index($a, '/usr/') != 0) <=> (index($b, '/usr/') != 0) || $a cmp $b } keys %path) {
	next if index($p, "$work/") == 0 || !-f $p || !-r _;
	for my $a (1, 256, 512) {
		my $d = Digest::SHA->new($a);
		$d->addfile($p, 'b');
		my $hex = $d->hexdigest;
		$name{$hex} //= "\@SHA$a($p)\@";
		$name{substr($hex, 0, 16)} //= "\@SHA256($p)[:16]\@" if $a == 256;
	}
}

# ---- the Debian packages the outputs name: binaries by "package NAME VER",
# "[NAME VER" (scan), a purl other than ?arch=source and check's
# package.name; sources by a ?arch=source purl and check's package.source
sub purl_decode { my $s = shift; $s =~ s/%([0-9A-Fa-f]{2})/chr(hex($1))/ge; return $s; }

# analyzers/dpkg_db.c purl_encode: alnum . - _ ~ : kept, the rest %XX
sub purl_encode {
	my $s = shift;
	$s =~ s/([^A-Za-z0-9._~:-])/sprintf('%%%02X', ord($1))/ge;
	return $s;
}

# analyzers/pkgver.c pkgver_upstream: epoch and revision dropped, a native
# package's binNMU suffix (+bN) dropped, what follows the last "+really"
# kept, cut at the first repack marker (+dfsg, .ds, ~repack...)
sub upstream {
	my $v = shift;
	my $up = $v;
	$up = $1 if $v =~ /^[0-9]*:(.*)$/s;
	my $native = 1;
	if ((my $h = rindex($up, '-')) >= 0) {
		$native = $h == length($up) - 1;
		$up = substr($up, 0, $h);
	}
	$up =~ s/\+b[0-9]+$// if $native;
	$up = $1 if $up =~ /.*\+really(.+)$/s;
	$up = $1 if $up =~ /^(.*?)(?:\+dfsg|\.dfsg|~dfsg|\+ds|\.ds|~ds|\+repack|\.repack|~repack)(?:$|[0-9.+~])/s;
	return $up;
}

my (%bin, %srcpkg, @pref);
my $pkgname = qr/[a-z0-9][a-z0-9.+-]+/;
while ($all =~ m{\bpackage ($pkgname) [0-9]}g) { $bin{$1} = 1; }
while ($all =~ m{\[($pkgname) [0-9][^,\]]*, source }g) { $bin{$1} = 1; }
while ($all =~ m{pkg:deb/[^/\s"]+/([^@\s"]+)@[^?\s"]+\?arch=([A-Za-z0-9_%-]+)}g) {
	if ($2 eq 'source') { $srcpkg{purl_decode($1)} = 1; } else { $bin{purl_decode($1)} = 1; }
}
# check.json's components[].package, the packages souptrace matched: they
# come first where several packages have the same version
while ($all =~ m{"package":\s*\{\s*"name":\s*"([^"]+)",(?:[^{}]*?)"source":\s*"([^"]+)"}g) {
	$bin{$1} = 1;
	$srcpkg{$2} = 1;
	push @pref, $1 unless grep { $_ eq $1 } @pref;
}

my (%ver, %srcver);
if (%bin) {
	# installed only, the native architecture's (or all) before a foreign one's
	my $native = `dpkg --print-architecture 2>/dev/null` // '';
	chomp $native;
	open(my $olderr, '>&', \*STDERR) or die "stderr: $!";
	open(STDERR, '>', '/dev/null') or die "/dev/null: $!";
	open(my $q, '-|', 'dpkg-query', '-W', '-f',
	     '${db:Status-Abbrev}\t${Package}\t${Architecture}\t${Version}\t${source:Package}\t${source:Version}\n',
	     sort keys %bin) or die "dpkg-query: $!";
	my %rank;
	while (<$q>) {
		chomp;
		my ($st, $p, $arch, $v, $s, $sv) = split /\t/;
		next unless $st =~ /^.i/ && $bin{$p};
		my $r = $arch eq $native ? 0 : $arch eq 'all' ? 1 : 2;
		next if defined $rank{$p} && $rank{$p} <= $r;
		$rank{$p} = $r;
		$ver{$p} = $v;
		$srcver{$s} = $sv if $srcpkg{$s} && (!defined $srcver{$s} || $r == 0);
	}
	open(STDERR, '>&', $olderr) or die "stderr: $!";
	close $q; # dpkg-query fails for a name it does not know: those stay as printed
}

# A bare version (no package name beside it) is named after the first
# package that has it: the matched ones in check's order, then the others.
my %bare;
for my $p (@pref, sort(keys %ver)) {
	$bare{$ver{$p}} //= "\@DEBVER($p)\@" if defined $ver{$p};
}
for my $s (sort keys %srcver) {
	$bare{$srcver{$s}} //= "\@DEBVER(src:$s)\@";
}

# init.json's drafted components drafted from a package: NAME -> package,
# for its version there and in diff.txt's line about it
my %drafted;
for my $f (grep { m{(^|/)init\.json$} } @files) {
	while ($text{$f} =~ m{"name":\s*"([^"]+)",\s*"version":\s*"([^"]+)",[^{}]*?"purl":\s*"pkg:deb/[^/"]+/([^@"]+)@[^?"]+\?arch=(?!source)}g) {
		my ($n, $u, $p) = ($1, $2, purl_decode($3));
		$drafted{$n} = $p if defined $ver{$p} && $u eq upstream($ver{$p});
	}
}

# SPDX 2.3 package verification codes (the SHA-1 of the sorted, concatenated
# SHA-1s of the package's files) that are right for the SHA-1s the document
# gives the package's files, themselves named above after the files:
# @VERIFICATIONCODE(SPDXID)@. A wrong one stays hex.
sub verification_codes {
	my $t = shift;
	my (%sha1, %code);
	while ($t =~ m{"SPDXID":\s*"([^"]+)",\s*"fileName":\s*"[^"]*",\s*"checksums":\s*\[\{\s*"algorithm":\s*"SHA1",\s*"checksumValue":\s*"([0-9a-f]{40})"}g) {
		$sha1{$1} = $2;
	}
	while ($t =~ m{"SPDXID":\s*"([^"]+)",((?:(?!"SPDXID").)*?)"hasFiles":\s*\[([^\]]*)\]}gs) {
		my ($id, $body, $files) = ($1, $2, $3);
		next unless $body =~ m{"packageVerificationCodeValue":\s*"([0-9a-f]{40})"};
		my $printed = $1;
		my @ids = $files =~ m{"([^"]+)"}g;
		my $want = Digest::SHA::sha1_hex(join('', sort map { $sha1{$_} // '0' x 40 } @ids));
		$code{$printed} = "\@VERIFICATIONCODE($id)\@" if $printed eq $want;
	}
	return %code;
}

# The purls the SOUP list declares (pumpctl's name Debian versions): where
# an output prints a component's purl (CycloneDX "purl", SPDX 2.3's purl
# "referenceLocator", SPDX 3 "software_packageUrl", the report's "Package
# URL"), it is the declared one when there is one, printed as declared, and
# so kept as it is whatever is installed.
my %declared;
{
	local $/;
	open(my $in, '<', $soup) or die "$soup: $!";
	my $j = <$in>;
	close $in;
	$declared{$1} = 1 while $j =~ m{"purl"\s*:\s*"([^"]+)"}g;
}
my %purl_field = (
	'sbom-cyclonedx.json' => qr/"purl":\s*"/,
	'sbom-spdx-2.3.json' => qr/"referenceLocator":\s*"/,
	'sbom-spdx.json' => qr/"software_packageUrl":\s*"/,
	'report.md' => qr/\| Package URL \| /,
	'report.html' => qr{<td>Package URL</td><td>},
);

my $vb = qr/[A-Za-z0-9.+~:%-]/; # what may continue a version
for my $f (@files) {
	my $t = $text{$f};
	my %code = verification_codes($t);
	$t =~ s{\b([0-9a-f]{16,128})\b}{$code{$1} // $name{$1} // $1}ge;
	$t =~ s/\Q$work\E/\@WORK\@/g;
	$t =~ s/\Q$src\E/\@SRC\@/g;
	# init.json's "$schema": the installed schema, under the prefix souptrace was built for
	$t =~ s{^(\t"\$schema":\t"file://)/[^"]*(/souptrace/soup\.schema\.json")}{$1\@DATADIR\@$2}mg;
	# a declared purl where a component's purl is printed: kept (restored last)
	my @kept;
	my ($base) = $f =~ m{([^/]+)$};
	if (my $field = $purl_field{$base}) {
		$t =~ s{($field)([^"\s<|]+)}{
			$declared{$2} ? do { push @kept, $2; "$1\x00KEPT$#kept\x00" } : "$1$2";
		}ge;
	}
	# purls: the version of the package the purl names, encoded as a purl has it
	$t =~ s{(pkg:deb/[^/\s"]+/([^@\s"]+)@)([^?\s"]+)(\?arch=([A-Za-z0-9_%-]+))}{
		my ($pre, $p, $v, $post, $arch) = ($1, purl_decode($2), $3, $4, $5);
		my ($real, $ph) = $arch eq 'source' ? ($srcver{$p}, "src:$p") : ($ver{$p}, $p);
		defined $real && $v eq purl_encode($real) ? "$pre\@PURLVER($ph)\@$post" : "$pre$v$post";
	}ge;
	# "package NAME VERSION", "[NAME VERSION, source ...]"
	for my $p (sort keys %ver) {
		$t =~ s{(?<![\w.+-])(\Q$p\E )\Q$ver{$p}\E(?!$vb)}{$1\@DEBVER($p)\@}g;
	}
	# check.json: package {name, version, upstream_version, ..., source, source_version}
	$t =~ s{("name":\s*"([^"]+)",\s*"version":\s*"[^"]*",\s*"upstream_version":\s*")([^"]*)"}{
		my ($pre, $p, $u) = ($1, $2, $3);
		defined $ver{$p} && $u eq upstream($ver{$p}) ? "$pre\@UPVER($p)\@\"" : "$pre$u\"";
	}ge;
	$t =~ s{("source":\s*"([^"]+)",\s*"source_version":\s*")([^"]*)"}{
		my ($pre, $s, $v) = ($1, $2, $3);
		defined $srcver{$s} && $v eq $srcver{$s} ? "$pre\@DEBVER(src:$s)\@\"" : "$pre$v\"";
	}ge;
	# init.json: a component drafted from a package, and diff.txt's line on it
	for my $n (sort keys %drafted) {
		my ($p) = $drafted{$n};
		my $u = upstream($ver{$p});
		if ($f =~ m{(^|/)init\.json$}) {
			$t =~ s{("name":\s*"\Q$n\E",\s*"version":\s*")\Q$u\E"}{$1\@UPVER($p)\@"}g;
		} elsif ($f =~ m{(^|/)diff\.txt$}) {
			$t =~ s{^(added\s+\Q$n\E )\Q$u\E( \(|$)}{$1\@UPVER($p)\@$2}mg;
			$t =~ s{^(changed\s+\Q$n\E: version .* -> )\Q$u\E$}{$1\@UPVER($p)\@}mg;
		}
	}
	# any other place a package's whole version stands alone
	for my $v (sort { length($b) <=> length($a) || $a cmp $b } keys %bare) {
		$t =~ s{(?<!$vb)\Q$v\E(?!$vb)}{$bare{$v}}g;
	}
	$t =~ s/\x00KEPT([0-9]+)\x00/$kept[$1]/g;
	my (%uuid, %id);
	my ($nu, $ni) = (0, 0);
	$t =~ s{\b([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\b}{$uuid{$1} //= '@UUID' . ++$nu . '@'}ge;
	$t =~ s{\b([0-9]{10,}-[0-9]+)\b}{$id{$1} //= '@ID' . ++$ni . '@'}ge;
	open(my $out, '>', $f) or die "$f: $!";
	print $out $t;
	close $out or die "$f: $!";
}

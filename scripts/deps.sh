#!/usr/bin/env bash
# Installs the Debian packages that gongkai needs to build, test and run.
# Idempotent: packages already installed are left alone, and nothing is
# fetched when everything is there. Usage: scripts/deps.sh [build|test|all]
set -euo pipefail

# What the build needs (compiler, Meson, and the libraries gongkai links), and
# the fonts the PDFs it writes embed (src/docgen/pdf.c).
BUILD_PKGS="gcc make meson ninja-build pkg-config
  libsqlite3-dev libjansson-dev libxml2-dev libmicrohttpd-dev
  libsodium-dev libxlsxwriter-dev libpq-dev libzip-dev libopencc-dev liblunar-date-dev
  libpoppler-glib-dev libgcrypt20-dev libcairo2-dev libpango1.0-dev fonts-noto-cjk fonts-freefont-otf
  libcurl4-openssl-dev"
# What the tests and benchmarks need on top: cmocka for unit tests, clang for
# the libFuzzer targets, clang-tools for the static analyzer (scan-build), curl for HTTP end-to-end tests, PostgreSQL for the
# server backend, Chromium for browser tests, wrk and nginx for web benchmarks,
# friso (a Chinese word segmenter) for the search tokenizer comparison, GNU
# time for the peak memory of a refused decompression bomb (e2e_cli_limits), xmllint
# (libxml2) to parse the feeds and the sitemap (e2e_http_feeds), ICU to check the
# table of lunar festivals after 2100 (data/lunar-festivals.tsv, the test lunar_table),
# aiosmtpd for a local SMTP server (e2e_http_mail).
TEST_PKGS="libcmocka-dev clang clang-tools libclang-rt-14-dev curl sqlite3 python3 libxml2-utils
  postgresql chromium chromium-driver wrk nginx-light fonts-noto-cjk
  valgrind poppler-utils libfriso-dev friso-dict time libicu-dev python3-aiosmtpd"

want="$BUILD_PKGS"
case "${1:-all}" in
  build) ;;
  test|all) want="$want $TEST_PKGS" ;;
  *) echo "usage: scripts/deps.sh [build|test|all]" >&2; exit 2 ;;
esac

missing=""
for p in $want; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing="$missing $p"
  fi
done
[ -z "$missing" ] && exit 0

echo "gongkai: installing Debian packages:$missing" >&2
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q >/dev/null
# shellcheck disable=SC2086
$SUDO apt-get install -y -q --no-install-recommends $missing >/dev/null
# A package install must not leave a server of its own running behind our back:
# the tests start PostgreSQL and nginx themselves on private ports.
if command -v systemctl >/dev/null 2>&1; then :; fi
for svc in nginx postgresql; do
  $SUDO service "$svc" stop >/dev/null 2>&1 || true
done
exit 0

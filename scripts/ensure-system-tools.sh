#!/usr/bin/env bash
# Debian packages the test suite needs beyond npm: poppler-utils (`pdffonts`, `pdftotext`,
# `pdfimages`, read by tests/support/pdf-*.ts to check rendered PDFs) and openssl (a throwaway
# certificate for the HTTPS webhook receiver in tests/api/webhooks.test.ts). Installs what is missing when we are
# root on a Debian-like machine with apt-get; otherwise says what to install and fails.
set -euo pipefail

missing=()
command -v pdffonts >/dev/null 2>&1 && command -v pdftotext >/dev/null 2>&1 && command -v pdfimages >/dev/null 2>&1 ||
  missing+=(poppler-utils)
command -v openssl >/dev/null 2>&1 || missing+=(openssl)

[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "ensure-system-tools: installing ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  exit 0
fi

echo "ensure-system-tools: missing Debian package(s): ${missing[*]}" >&2
echo "  install them with: sudo apt-get install -y ${missing[*]}" >&2
exit 1

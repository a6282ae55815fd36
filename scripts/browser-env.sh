#!/usr/bin/env bash
# Debian's Chromium for the browser tests (puppeteer-core drives it; no browser download), NSS's
# certutil (libnss3-tools) with which a test trusts the local CA in Chromium's own store, and
# openssl, which checks what the CA may sign: installed with apt when missing, as on a fresh
# machine. Prints Chromium's path.
set -euo pipefail
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
command -v certutil > /dev/null || missing+=(libnss3-tools)
command -v openssl > /dev/null || missing+=(openssl)
if [ ${#missing[@]} -gt 0 ]; then
  echo "browser-env: installing ${missing[*]} (apt)" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
fi
echo /usr/bin/chromium

#!/usr/bin/env bash
# Debian's Chromium for the browser tests (puppeteer-core drives it; no browser download):
# installed with apt when /usr/bin/chromium is missing, as on a fresh machine. Prints its path.
set -euo pipefail
if [ ! -x /usr/bin/chromium ]; then
  echo "browser-env: installing Debian's chromium (apt)" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq --no-install-recommends chromium >&2
fi
echo /usr/bin/chromium

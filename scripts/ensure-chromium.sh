#!/bin/sh
# Installs Debian's Chromium and ChromeDriver for the HTML browser test when they are missing.
# Only Debian's package registry is used; without root or sudo the browser test skips with a reason.
[ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ] && exit 0
if [ "$(id -u)" = 0 ]; then SUDO=""; elif command -v sudo >/dev/null 2>&1; then SUDO="sudo -n"; else
  echo "ensure-chromium: not root and no sudo; the browser test will be skipped" >&2; exit 0; fi
echo "ensure-chromium: installing chromium and chromium-driver from Debian" >&2
$SUDO apt-get update -qq >/dev/null 2>&1
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium chromium-driver >/dev/null 2>&1 \
  || echo "ensure-chromium: apt-get install failed; the browser test will be skipped" >&2
exit 0

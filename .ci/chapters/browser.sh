# Debian's Chromium and ChromeDriver for the migration page's tests (a real browser, headless; installed when missing).
log "a browser for the migration page's tests: Debian's chromium and chromium-driver"
if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium chromium-driver >/dev/null \
    || fail "could not install chromium and chromium-driver"
fi
chromium --version 2>/dev/null | head -1
chromedriver --version | head -1


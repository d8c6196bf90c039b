# Debian packages the browser tests and document checks need: chromium and CJK fonts.
# Installed when missing and we may (root with apt-get); otherwise the browser tests say why they skip.
set -euo pipefail
need=()
[ -x /usr/bin/chromium ] || need+=(chromium)
fc-list 2>/dev/null | grep -qi "Noto Sans CJK" || need+=(fonts-noto-cjk)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
    echo "→ installing Debian packages: ${need[*]}"
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" fontconfig) >/dev/null
  else
    echo "Missing Debian packages (${need[*]}): browser tests will be skipped. Install with: sudo apt-get install ${need[*]}"
  fi
fi

# Sourced by scripts/*.sh: install Debian packages when we may (root, or sudo without a password).
# apt_install PKG... returns non-zero when apt is absent, we may not use it, or installing failed.
_apt_updated=${_apt_updated:-}
apt_can() {
  command -v apt-get >/dev/null || return 1
  if [ "$(id -u)" = 0 ]; then APT_SUDO=""; return 0; fi
  if command -v sudo >/dev/null && sudo -n true 2>/dev/null; then APT_SUDO="sudo -n"; return 0; fi
  return 1
}
apt_install() {
  apt_can || return 1
  if [ -z "$_apt_updated" ]; then
    $APT_SUDO apt-get update -qq || return 1
    _apt_updated=1
  fi
  echo "Installing Debian packages: $*" >&2
  $APT_SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

#!/usr/bin/env bash
# Renders alertmanager.yml.tmpl (and the email template) with the SMTP secret from the environment.
#   KCRON_SMTP_PASSWORD=... KCRON_SMTP_USERNAME=me@gmail.com KCRON_ALERT_EMAIL_TO=oncall@example.com \
#   KCRON_DEADMANS_SWITCH_URL=https://... alertmanager/render-config.sh [OUTPUT_DIR]
# or KCRON_SMTP_PASSWORD_FILE=/run/secrets/smtp instead of KCRON_SMTP_PASSWORD: the rendered config then names the
# file (smtp_auth_password_file) and holds no secret at all. OUTPUT_DIR defaults to alertmanager/ (the rendered
# alertmanager.yml and templates/kcron-email.tmpl there are git-ignored). For Gmail use an app password.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
out="${1:-$here}"

fail() { echo "alertmanager config: $*" >&2; exit 1; }
require() { [ -n "${!1:-}" ] || fail "$1 is not set (${2})"; }

command -v envsubst >/dev/null 2>&1 || fail "envsubst is missing (Debian package gettext-base)"

if [ -n "${KCRON_SMTP_PASSWORD_FILE:-}" ]; then
  [ -r "$KCRON_SMTP_PASSWORD_FILE" ] || fail "KCRON_SMTP_PASSWORD_FILE=$KCRON_SMTP_PASSWORD_FILE is not a readable file"
else
  require KCRON_SMTP_PASSWORD "the SMTP password, e.g. a Gmail app password; or set KCRON_SMTP_PASSWORD_FILE"
fi
require KCRON_SMTP_USERNAME "the SMTP login, e.g. alerts@gmail.com"
require KCRON_ALERT_EMAIL_TO "where alert emails go"
require KCRON_DEADMANS_SWITCH_URL "the dead man's switch webhook the Watchdog heartbeat is sent to"
export KCRON_SMTP_SMARTHOST="${KCRON_SMTP_SMARTHOST:-smtp.gmail.com:587}"
export KCRON_ALERT_EMAIL_FROM="${KCRON_ALERT_EMAIL_FROM:-$KCRON_SMTP_USERNAME}"
export KCRON_RUNBOOK_BASE_URL="${KCRON_RUNBOOK_BASE_URL:-file://$(dirname "$here")}"
export KCRON_SMTP_PASSWORD="${KCRON_SMTP_PASSWORD:-}"

# Values land inside single-quoted YAML scalars: a quote is written twice; a line break cannot be represented.
yaml_quote() {
  local name=$1 value=${!1}
  case "$value" in *$'\n'*|*$'\r'*) fail "$name contains a line break";; esac
  printf -v "$name" '%s' "${value//\'/\'\'}"
  export "${name?}"
}
for name in KCRON_SMTP_PASSWORD KCRON_SMTP_USERNAME KCRON_ALERT_EMAIL_TO KCRON_DEADMANS_SWITCH_URL \
            KCRON_SMTP_SMARTHOST KCRON_ALERT_EMAIL_FROM; do
  yaml_quote "$name"
done

mkdir -p "$out/templates"
umask 077
tmp="$(mktemp "$out/.alertmanager.yml.XXXXXX")"
trap 'rm -f "$tmp"' EXIT
# Only the named variables are substituted: anything else with a dollar sign stays as written.
# shellcheck disable=SC2016 # the single quotes are the point: envsubst, not bash, reads these names
envsubst '${KCRON_SMTP_SMARTHOST} ${KCRON_ALERT_EMAIL_FROM} ${KCRON_SMTP_USERNAME} ${KCRON_SMTP_PASSWORD} ${KCRON_ALERT_EMAIL_TO} ${KCRON_DEADMANS_SWITCH_URL}' \
  < "$here/alertmanager.yml.tmpl" > "$tmp"
if [ -n "${KCRON_SMTP_PASSWORD_FILE:-}" ]; then
  file_yaml=${KCRON_SMTP_PASSWORD_FILE//\'/\'\'}
  sed -i "s|^  smtp_auth_password: .*|  smtp_auth_password_file: '${file_yaml//|/\\|}'|" "$tmp"
fi
mv "$tmp" "$out/alertmanager.yml"
trap - EXIT
# shellcheck disable=SC2016 # as above
envsubst '${KCRON_RUNBOOK_BASE_URL}' < "$here/templates/kcron-email.tmpl.in" > "$out/templates/kcron-email.tmpl"
echo "rendered $out/alertmanager.yml"

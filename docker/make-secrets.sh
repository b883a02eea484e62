#!/bin/sh
# Runs once per `docker compose up`: on the first, generates this deployment's secrets into the
# `secrets` volume (each broker user's and the database's passwords, the token and message keys, the first
# admin's password) and prints the admin's login; later runs keep them. Nothing secret is in the
# repository or in the images.
set -eu
file=/run/tideline/env
hex() { od -An -tx1 -N"$1" /dev/urandom | tr -d ' \n'; }
broker_passwords() {
  for user in AUTH CATALOG SALES FORECAST PLANNING GATEWAY; do echo "export BROKER_PASSWORD_$user=$(hex 24)"; done
}
if [ -s "$file" ]; then
  if ! grep -q BROKER_PASSWORD_GATEWAY "$file"; then
    # Generated before every service had a broker user of its own: add their passwords.
    chmod 600 "$file" && broker_passwords >> "$file" && chmod 400 "$file"
    echo "Added a broker password for every service and the gateway."
  fi
  echo "Secrets already generated; the first admin's password is in the secrets volume (docker compose run --rm secrets cat $file)."
  exit 0
fi
admin=$(hex 12)
umask 077
cat > "$file.new" <<SECRETS
export JWT_SECRET=$(hex 32)
export MESSAGE_SIGNING_KEY=$(hex 32)
export ADMIN_PASSWORD=$admin
export POSTGRES_PASSWORD=$(hex 24)
$(broker_passwords)
SECRETS
# The servers run as the image's `node` user (uid 1000); the broker and database start as root.
chown 1000:1000 "$file.new"
chmod 400 "$file.new"
mv "$file.new" "$file"
echo "Generated this deployment's secrets. First admin: ${ADMIN_EMAIL:-admin@tideline.local} / $admin (shown once; also: docker compose run --rm secrets cat $file)"

#!/bin/sh
# Runs once per `docker compose up`: on the first, generates this deployment's secrets into the
# `secrets` volume (the broker and database passwords, the token and message keys, the first
# admin's password) and prints the admin's login; later runs keep them. Nothing secret is in the
# repository or in the images.
set -eu
file=/run/tideline/env
if [ -s "$file" ]; then
  echo "Secrets already generated; the first admin's password is in the secrets volume (docker compose run --rm secrets cat $file)."
  exit 0
fi
hex() { od -An -tx1 -N"$1" /dev/urandom | tr -d ' \n'; }
admin=$(hex 12)
umask 077
cat > "$file.new" <<SECRETS
export JWT_SECRET=$(hex 32)
export MESSAGE_SIGNING_KEY=$(hex 32)
export ADMIN_PASSWORD=$admin
export RABBITMQ_PASSWORD=$(hex 24)
export POSTGRES_PASSWORD=$(hex 24)
SECRETS
# The servers run as the image's `node` user (uid 1000); the broker and database start as root.
chown 1000:1000 "$file.new"
chmod 400 "$file.new"
mv "$file.new" "$file"
echo "Generated this deployment's secrets. First admin: ${ADMIN_EMAIL:-admin@tideline.local} / $admin (shown once; also: docker compose run --rm secrets cat $file)"

#!/bin/sh
# Writes deploy/kubernetes/secrets.env (for kustomize's secretGenerator) from the environment:
#   DATABASE_HOST      host:port of Postgres            POSTGRES_PASSWORD  its superuser's password
#   RABBITMQ_HOST      host:port of RabbitMQ            REDIS_URL          redis://… of Redis
# and, when set, JWT_SECRET, MESSAGE_SIGNING_KEY, ADMIN_PASSWORD and the DATABASE_PASSWORD_<SERVICE>
# and BROKER_PASSWORD_<SERVICE> of every service (and the gateway's); what is not set is generated.
# The broker users must then be created with the same passwords (node dist/apps/broker-definitions/main.js).
# Usage: DATABASE_HOST=… POSTGRES_PASSWORD=… RABBITMQ_HOST=… REDIS_URL=… sh deploy/kubernetes/make-secrets.sh > deploy/kubernetes/secrets.env
set -eu
for name in DATABASE_HOST POSTGRES_PASSWORD RABBITMQ_HOST REDIS_URL; do
  eval "value=\${$name:-}"
  if [ -z "$value" ]; then echo "make-secrets.sh: set $name" >&2; exit 1; fi
done
hex() { od -An -tx1 -N"$1" /dev/urandom | tr -d ' \n'; }
given() { eval "value=\${$1:-}"; if [ -n "$value" ]; then echo "$value"; else hex "$2"; fi; }
echo "JWT_SECRET=$(given JWT_SECRET 32)"
echo "MESSAGE_SIGNING_KEY=$(given MESSAGE_SIGNING_KEY 32)"
echo "ADMIN_PASSWORD=$(given ADMIN_PASSWORD 12)"
echo "REDIS_URL=$REDIS_URL"
# The superuser's URLs, for the database-roles job only.
echo "USERS_DATABASE_URL=postgres://postgres:$POSTGRES_PASSWORD@$DATABASE_HOST/users"
echo "CATALOG_DATABASE_URL=postgres://postgres:$POSTGRES_PASSWORD@$DATABASE_HOST/catalog"
echo "PLANNING_DATABASE_URL=postgres://postgres:$POSTGRES_PASSWORD@$DATABASE_HOST/planning"
for service in auth:users catalog:catalog sales:planning forecast:planning planning:planning; do
  role=${service%%:*}; database=${service#*:}; upper=$(echo "$role" | tr a-z A-Z)
  password=$(given "DATABASE_PASSWORD_$upper" 24)
  echo "DATABASE_PASSWORD_$upper=$password"
  echo "DATABASE_URL_$upper=postgres://tideline_$role:$password@$DATABASE_HOST/$database"
done
for role in auth catalog sales forecast planning gateway; do
  upper=$(echo "$role" | tr a-z A-Z)
  echo "RABBITMQ_URL_$upper=amqp://tideline-$role:$(given "BROKER_PASSWORD_$upper" 24)@$RABBITMQ_HOST"
done

# One build, two kinds of runtime image: `server` runs any NestJS app (APP=gateway, auth-service,
# …), `web` serves one Angular app (APP=forecasting-web or planning-web) behind nginx.
FROM node:22-bookworm AS build
WORKDIR /app
COPY package.json package-lock.json .npmrc ./
RUN npm ci --no-audit --no-fund
COPY . .
ENV NX_DAEMON=false NX_NO_CLOUD=true
RUN npx nx run-many -t build --outputStyle=static

FROM node:22-bookworm-slim AS server
WORKDIR /app
ENV NODE_ENV=production
COPY package.json package-lock.json .npmrc ./
RUN npm ci --omit=dev --no-audit --no-fund
COPY --from=build /app/dist/apps ./dist/apps
# The one-shot job that gives every service its own database role (docker-compose.yml).
COPY tools/database-roles.js ./tools/
ARG APP=gateway
ENV APP=${APP}
USER node
CMD ["sh", "-c", "exec node --enable-source-maps dist/apps/$APP/main.js"]

FROM nginx:1.27-alpine AS web
ARG APP=forecasting-web
COPY docker/nginx.conf /etc/nginx/conf.d/default.conf
COPY --from=build /app/dist/apps/${APP}/browser /usr/share/nginx/html

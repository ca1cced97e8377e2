# syntax=docker/dockerfile:1
# IRIS Lao PDR certification service: multi-stage build, runs as the non-root `node` user.
# The container needs DATABASE_URL, JWT_SECRET (32+ characters) and CERTIFICATE_SIGNING_KEY (or _FILE); it runs pending migrations at start-up.
# Node.js 24, the current LTS line (Node 20 reached its end of life in April 2026); package.json's `engines`
# covers it (>= 24.11), and both stages use the same image so native modules match.

FROM node:24-bookworm-slim AS build
WORKDIR /app
ENV NPM_CONFIG_UPDATE_NOTIFIER=false \
    SCARF_ANALYTICS=false
# `npm install`, not `npm ci`: the lock only records the linux optional packages, which `npm ci` refuses.
COPY package.json package-lock.json ./
RUN npm install --no-audit --no-fund
COPY tsconfig*.json nest-cli.json ./
COPY src ./src
COPY migrations ./migrations
COPY templates ./templates
# Outputs dist/src/main.js and dist/migrations/*.js, then drops the dev dependencies.
RUN npm run build && npm prune --omit=dev --no-audit --no-fund

FROM node:24-bookworm-slim
ENV NODE_ENV=production \
    PORT=3000
WORKDIR /app
COPY --from=build --chown=node:node /app/node_modules ./node_modules
COPY --from=build --chown=node:node /app/dist ./dist
COPY --from=build --chown=node:node /app/templates ./templates
COPY --from=build --chown=node:node /app/package.json ./package.json
USER node
EXPOSE 3000
# Liveness only (the process answers); slim images have no curl, so node's fetch does the request.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# node is PID 1 and handles SIGTERM itself: it stops accepting, drains requests and closes the pool.
CMD ["node", "dist/src/main.js"]

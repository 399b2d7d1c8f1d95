# syntax=docker/dockerfile:1

# The asl-temporal worker image, used by docker-compose.yml. Build: docker build -t asl-temporal .

FROM node:20-bookworm-slim AS build
WORKDIR /app
# Manifests first, so the dependency layer is reused until they change.
COPY package.json package-lock.json ./
# Without the sources yet, the package's own prepare (the build) cannot run here; `npm run build` follows.
RUN npm ci --no-audit --no-fund --ignore-scripts
COPY . .
RUN npm run build && npm prune --omit=dev --no-audit --no-fund

# glibc (not Alpine): the Temporal core bridge ships prebuilt native binaries for glibc first.
FROM node:20-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /app/package.json /app/package-lock.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
# The definitions and inputs are data, not compiled by tsc; keep them so the examples run from the image.
COPY --from=build /app/examples ./examples
# The official image's unprivileged user; nothing here needs to write outside /tmp.
USER node
CMD ["node", "dist/src/cli/main.js", "worker"]

# syntax=docker/dockerfile:1
# The Saferpay Management API sandbox (a fake for tests, demos and staging; never production).
# Build from the repository root:
#   docker build -f docker/sandbox.Dockerfile -t saferpay-sandbox .
FROM node:20.19-bookworm-slim AS build
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npx nx run saferpay-sandbox:build && npm prune --omit=dev

FROM node:20.19-bookworm-slim
ENV NODE_ENV=production SANDBOX_HOST=0.0.0.0 SANDBOX_PORT=8090
WORKDIR /app
COPY --from=build /src/node_modules ./node_modules
COPY --from=build /src/dist/apps/saferpay-sandbox ./dist/apps/saferpay-sandbox
COPY --from=build /src/apps/saferpay-sandbox/fixtures ./fixtures
COPY --from=build /src/package.json ./
USER node
EXPOSE 8090
HEALTHCHECK --interval=15s --timeout=3s --start-period=10s \
  CMD node -e "fetch('http://127.0.0.1:'+process.env.SANDBOX_PORT+'/__admin/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
CMD ["node", "dist/apps/saferpay-sandbox/apps/saferpay-sandbox/src/main.js", "--fixture", "fixtures/demo.json"]

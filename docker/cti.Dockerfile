# The Switchboard CTI daemon. Build from the repository root:
#   docker build -f docker/cti.Dockerfile .
FROM node:20-bookworm-slim AS build
WORKDIR /app
# Compilers only as a fallback for native modules (better-sqlite3) without a prebuilt binary.
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
# npm install, not npm ci: the lock is written without registry addresses, which npm ci refuses.
RUN npm install --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY cti ./cti
COPY web-softphone ./web-softphone
RUN npx tsc -p tsconfig.build.json \
 && npx vite build --config web-softphone/vite.config.ts \
 && npm prune --omit=dev

FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
# sox converts uploaded prompts to 8 kHz WAV (and recordings to 16 kHz for speech recognition);
# espeak-ng speaks the IVR's text prompts; pocketsphinx transcribes recordings offline.
RUN apt-get update \
 && apt-get install -y --no-install-recommends sox libsox-fmt-mp3 espeak-ng pocketsphinx pocketsphinx-en-us \
 && rm -rf /var/lib/apt/lists/*
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/web-softphone/dist ./web-softphone/dist
# Read at run time: Asterisk config templates, IVR flows, database migrations.
COPY dialplan ./dialplan
COPY ivr-flows ./ivr-flows
COPY migrations ./migrations
RUN mkdir -p /data && chown node:node /data
USER node
CMD ["node", "dist/cti/main.js"]

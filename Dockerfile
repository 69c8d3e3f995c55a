# samskab: build once, run any of the four services from the same image.
#   docker build -t samskab .   (docker-compose.yml does it for you)
FROM debian:12 AS build
RUN apt-get update && apt-get install -y --no-install-recommends \
        build-essential pkg-config libczmq-dev libzmq3-dev libmsgpack-dev \
        libpq-dev libcurl4-openssl-dev libsodium-dev libgmp-dev libjansson-dev \
        libmicrohttpd-dev \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
RUN make -j"$(nproc)" all && make install PREFIX=/usr/local DESTDIR=/out

FROM debian:12-slim
RUN apt-get update && apt-get install -y --no-install-recommends \
        libczmq4 libzmq5 libmsgpackc2 libpq5 libcurl4 libsodium23 libgmp10 \
        libjansson4 libmicrohttpd12 ca-certificates \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --home-dir /nonexistent --shell /usr/sbin/nologin samskab
COPY --from=build /out/usr/local /usr/local
USER samskab
# The service to run is the command: samskab-registry, samskab-vote, ...
CMD ["samskab-registry", "-c", "/etc/samskab/samskab.cfg"]

#!/bin/sh
# Brigade's container entrypoint: one image, one process per container, chosen by the command.
#   web              gunicorn (WSGI, HTTP) on $WEB_PORT            -- /api, /admin, /healthz, /metrics
#   ws               uvicorn (ASGI, Channels) on $WS_PORT          -- /ws/ only
#   worker           celery worker; its metrics on $WORKER_METRICS_PORT
#   beat             celery beat (exactly one); its metrics on $WORKER_METRICS_PORT
#   migrate          migrate_tenants (public, template, spare schemas, every tenant; $MIGRATE_POOL
#                    processes, metrics on $MIGRATE_METRICS_PORT when set) + fill_spare_pool
#   fill-spare-pool  top up the pool of pre-provisioned schemas
#   seed-demo        demo brands for a look around
#   manage ARGS      python manage.py ARGS
#   anything else    executed as given
set -eu

# prometheus_client multiprocess mode: every process of this container writes its samples here;
# files of a previous run would be summed in, so start from an empty directory.
if [ -n "${PROMETHEUS_MULTIPROC_DIR:-}" ]; then
    rm -rf "${PROMETHEUS_MULTIPROC_DIR:?}"
    mkdir -p "$PROMETHEUS_MULTIPROC_DIR"
fi

metrics_server() {  # serve this container's multiprocess metrics (Celery has no HTTP server)
    python /usr/local/lib/brigade/metrics_server.py "${WORKER_METRICS_PORT:-9808}" &
}

cmd="${1:-web}"
[ "$#" -gt 0 ] && shift
case "$cmd" in
    web)
        exec gunicorn config.wsgi:application -c /usr/local/lib/brigade/gunicorn.conf.py "$@" ;;
    ws)
        exec uvicorn config.asgi:application --host 0.0.0.0 --port "${WS_PORT:-8001}" \
            --proxy-headers --forwarded-allow-ips "${FORWARDED_ALLOW_IPS:-*}" \
            --no-server-header --ws-ping-interval 20 --ws-ping-timeout 20 \
            --timeout-graceful-shutdown "${WS_GRACEFUL_TIMEOUT:-25}" "$@" ;;
    worker)
        metrics_server
        exec celery -A config worker --loglevel "${LOG_LEVEL:-INFO}" \
            --concurrency "${CELERY_CONCURRENCY:-2}" --without-mingle "$@" ;;
    beat)
        metrics_server
        exec celery -A config beat --loglevel "${LOG_LEVEL:-INFO}" \
            --scheduler django_celery_beat.schedulers:DatabaseScheduler --pidfile= "$@" ;;
    migrate)
        python manage.py migrate_tenants --pool "${MIGRATE_POOL:-2}" \
            ${MIGRATE_METRICS_PORT:+--metrics-port "$MIGRATE_METRICS_PORT"} "$@"
        exec python manage.py fill_spare_pool ;;
    fill-spare-pool)
        exec python manage.py fill_spare_pool "$@" ;;
    seed-demo)
        exec python manage.py seed_demo "$@" ;;
    manage)
        exec python manage.py "$@" ;;
    *)
        exec "$cmd" "$@" ;;
esac

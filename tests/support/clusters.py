"""PostgreSQL clusters of a test's own, on ports of its own, never the shared one restarted.

`Cluster.primary()` initdb's a cluster in a temporary folder; `.replica_of()` makes a
streaming replica of it with pg_basebackup. Run as the `postgres` system user when the tests
run as root (PostgreSQL refuses root).
"""

import contextlib
import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import psycopg

PG_BIN = Path(os.environ.get("PG_BIN", "/usr/lib/postgresql/15/bin"))
AS_ROOT = os.geteuid() == 0


def _run(*command, **kwargs):
    if AS_ROOT:
        command = ("runuser", "-u", "postgres", "--", *command)
    return subprocess.run(command, check=True, capture_output=True, text=True, **kwargs)


class Cluster:
    def __init__(self, folder, port):
        self.folder, self.port = Path(folder), port
        self.data = self.folder / "data"

    @classmethod
    def _folder(cls):
        folder = tempfile.mkdtemp(prefix="geoconsult-cluster-")
        if AS_ROOT:
            shutil.chown(folder, "postgres", "postgres")
        return folder

    @classmethod
    def primary(cls, port):
        cluster = cls(cls._folder(), port)
        _run(str(PG_BIN / "initdb"), "-D", str(cluster.data), "-U", "postgres",
             "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync")  # fmt: skip
        with (cluster.data / "postgresql.conf").open("a") as conf:
            conf.write("wal_level = replica\nmax_wal_senders = 4\nfsync = off\n")
        with (cluster.data / "pg_hba.conf").open("a") as hba:
            hba.write("host replication postgres 127.0.0.1/32 trust\n")
        cluster.start()
        return cluster

    def replica_of(self, port):
        replica = Cluster(self._folder(), port)
        _run(str(PG_BIN / "pg_basebackup"), "-h", "127.0.0.1", "-p", str(self.port),
             "-U", "postgres", "-D", str(replica.data), "-R", "-X", "stream",
             "--checkpoint=fast", "--no-sync")  # fmt: skip
        replica.start()
        return replica

    def start(self):
        _run(str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-l", str(self.folder / "log"),
             "-o", f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.folder}",
             "-w", "start")  # fmt: skip

    def stop(self, mode="fast"):
        _run(str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-m", mode, "-w", "stop")

    def restart(self):
        _run(str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "restart",
             "-l", str(self.folder / "log"),
             "-o", f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.folder}")  # fmt: skip

    def url(self, database="geoconsult", scheme="postgis"):
        return f"{scheme}://postgres@127.0.0.1:{self.port}/{database}"

    def execute(self, sql, database="geoconsult"):
        with psycopg.connect(self.url(database, "postgresql"), autocommit=True) as connection:
            cursor = connection.execute(sql)
            return cursor.fetchall() if cursor.description else None

    def copy_database(self, source_url, database="geoconsult"):
        """The whole of a database of another cluster (schema and rows), as `database` here."""
        self.execute(f'CREATE DATABASE "{database}"', database="postgres")
        dump = subprocess.run(
            [str(PG_BIN / "pg_dump"), "--no-owner", "--no-privileges", source_url],
            check=True, capture_output=True,
        )  # fmt: skip
        subprocess.run(
            [str(PG_BIN / "psql"), "-q", "-v", "ON_ERROR_STOP=1", self.url(database, "postgresql")],
            input=dump.stdout, check=True, capture_output=True,
        )  # fmt: skip

    def remove(self):
        with contextlib.suppress(subprocess.CalledProcessError):
            self.stop("immediate")
        shutil.rmtree(self.folder, ignore_errors=True)

    def wait_until_ready(self, timeout=30):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                self.execute("SELECT 1")
                return
            except psycopg.OperationalError:
                time.sleep(0.1)
        raise AssertionError(f"the cluster on port {self.port} did not come back")

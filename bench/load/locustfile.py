"""Residents and one planner against the stack `bench/load/run.py` starts (Locust, headless).

Residents open the campaign, pan its map, read contributions, vote and comment, with an API
token each; the planner asks for GIS exports (jobs) and downloads them when ready. The
people and contributions come from the JSON file `run.py` writes (LOAD_FIXTURE).
"""

import json
import os
import random
import time
from pathlib import Path

from locust import HttpUser, between, task

FIXTURE = json.loads(Path(os.environ["LOAD_FIXTURE"]).read_text())
TOKENS = list(FIXTURE["tokens"])
# A box around the bench campaign, panned at random.
WEST, SOUTH, EAST, NORTH = 2.17, 48.87, 2.23, 48.91


class Resident(HttpUser):
    weight = 50
    wait_time = between(0.5, 2)

    def on_start(self):
        self.token = TOKENS.pop() if TOKENS else random.choice(FIXTURE["tokens"])
        self.auth = {"Authorization": f"Token {self.token}", "Accept-Language": "en"}

    @task(2)
    def open_campaign(self):
        self.client.get(f"/campaigns/{FIXTURE['campaign']}/", name="campaign page")

    @task(4)
    def pan_map(self):
        x, y = random.uniform(WEST, EAST - 0.01), random.uniform(SOUTH, NORTH - 0.01)
        self.client.get(
            f"/api/annotations/map/?layer={FIXTURE['layer']}&bbox={x},{y},{x + 0.01},{y + 0.01}",
            name="map (bbox)",
        )

    @task(3)
    def read_contributions(self):
        self.client.get(
            f"/api/annotations/?layer={FIXTURE['layer']}&page={random.randint(1, 5)}",
            name="contributions list",
        )

    @task(3)
    def vote(self):
        contribution = random.choice(FIXTURE["contributions"])
        self.client.put(
            f"/api/annotations/{contribution}/vote/",
            json={"value": random.choice((1, -1))},
            headers=self.auth,
            name="vote",
        )

    @task(1)
    def comment(self):
        contribution = random.choice(FIXTURE["contributions"])
        self.client.post(
            f"/api/annotations/{contribution}/comments/",
            json={"body": "Agreed, and the crossing needs light too."},
            headers=self.auth,
            name="comment",
        )


class Planner(HttpUser):
    """One planner exporting: each format and system in turn, waiting for each job."""

    fixed_count = 1
    wait_time = between(1, 3)
    exports = [("gpkg", 2154), ("shp", 2154), ("kml", 4326), ("gpkg", 4326)]

    @task
    def export(self):
        export_format, srid = random.choice(self.exports)
        asked = self.client.get(
            f"/exports/contributions?layer={FIXTURE['layer']}&format={export_format}&srid={srid}",
            headers={"Accept": "application/json"},
            name="export (ask)",
            allow_redirects=False,
        )
        if asked.status_code == 302:  # already built for this state of the layer
            self.client.get(asked.headers["Location"], name="export (download)")
            return
        job = asked.json()
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            state = self.client.get(f"/api/exports/{job['id']}/", name="export (progress)").json()
            if state["status"] == "done":
                self.client.get(state["download_url"], name="export (download)")
                return
            if state["status"] == "failed":
                return
            time.sleep(1)

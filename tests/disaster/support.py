"""Evacuation-site files in the national standard's layout, and sites near a point."""
from __future__ import annotations

import csv
import io

from bot.disaster.hazards import HAZARDS

HEADER = ["都道府県コード又は市区町村コード", "NO", "都道府県名", "市区町村名", "名称", "名称_カナ", "所在地_連結表記",
          "緯度", "経度", *[f"災害種別_{h}" for h in HAZARDS], "想定収容人数", "備考"]

# Kanazawa Station and sites around it (distances from the station, measured with haversine)
STATION = (36.5781, 136.6480)


def site_row(name: str, latitude: float, longitude: float, hazards: tuple[str, ...] = ("地震",),
             capacity: str = "100", marker: str = "1", kana: str = "") -> list[str]:
    return ["172014", "1", "石川県", "金沢市", name, kana, f"石川県金沢市{name}", str(latitude), str(longitude),
            *[marker if h in hazards else "" for h in HAZARDS], capacity, ""]


def csv_bytes(rows: list[list[str]], *, header: list[str] = HEADER, encoding: str = "utf-8-sig") -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode(encoding)


def around_station() -> bytes:
    """Five sites at known distances north of the station (0.01° of latitude ≈ 1.11 km)."""
    lat, lng = STATION
    return csv_bytes([
        site_row("北小学校", lat + 0.0200, lng, hazards=("地震", "洪水")),      # ≈ 2.2 km
        site_row("駅前広場", lat + 0.007644, lng, hazards=("地震", "大規模な火事")),  # ≈ 850 m
        site_row("川沿い公園", lat + 0.0108, lng, hazards=("洪水",)),          # ≈ 1.2 km, not for 地震
        site_row("遠い体育館", lat + 0.0950, lng, hazards=("地震",)),          # ≈ 10.6 km: too far
        site_row("港の高台", lat + 0.0400, lng, hazards=("津波", "地震")),     # ≈ 4.4 km
    ])

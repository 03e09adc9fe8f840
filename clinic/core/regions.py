"""Body regions: the shared vocabulary of specialties, intakes, articles and plans."""

REGIONS: dict[str, str] = {
    "low_back": "Low back",
    "mid_upper_back": "Mid or upper back",
    "neck": "Neck",
    "shoulder": "Shoulder",
    "elbow": "Elbow",
    "wrist_hand": "Wrist or hand",
    "hip": "Hip",
    "knee": "Knee",
    "lower_leg": "Shin or lower leg",
    "ankle_foot": "Ankle or foot",
}


def region_label(code: str) -> str:
    return REGIONS.get(code, code.replace("_", " ").capitalize())

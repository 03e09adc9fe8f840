"""The demo clinic's people and places. Everything here is fictional.

Phone numbers use the 555-01xx range reserved for fiction; emails use reserved domains.
"""

from datetime import time

CLINIC = {
    "name": "Lakeshore & Peaks Physical Therapy",
    "phone": "(312) 555-0140",
    "email": "hello@clinic.example",
}

#: Demo-only passwords, printed by seed-demo and listed in the README.
DEMO_PASSWORDS = {
    "admin": "admin-demo-2026!",
    "front_desk": "frontdesk-demo-2026!",
    "therapist": "therapist-demo-2026!",
}

STAFF = [
    {"email": "admin@clinic.example", "role": "admin"},
    {"email": "frontdesk@clinic.example", "role": "front_desk"},
]

LOCATIONS = [
    {
        "slug": "chicago-lakeview",
        "name": "Chicago Lakeview",
        "street": "1200 W Belmont Ave, Suite 210",
        "city": "Chicago",
        "state": "IL",
        "postal_code": "60657",
        "phone": "(312) 555-0142",
        "timezone": "America/Chicago",
    },
    {
        "slug": "denver-highlands",
        "name": "Denver Highlands",
        "street": "3400 W 32nd Ave, Floor 2",
        "city": "Denver",
        "state": "CO",
        "postal_code": "80211",
        "phone": "(303) 555-0187",
        "timezone": "America/Denver",
    },
]

MON, TUE, WED, THU, FRI, SAT = range(6)

THERAPISTS = [
    {
        "email": "maya.okafor@clinic.example",
        "display_name": "Maya Okafor",
        "credentials": "PT, DPT, OCS",
        "bio": "Maya helps people with back and neck pain get back to work, lifting and "
        "sleeping well, with a plan built around what they want to do again.",
        "specialties": ["low_back", "neck", "mid_upper_back"],
        "interests": "Desk workers, weightlifting, pregnancy-related back pain",
        "hours": [
            ("chicago-lakeview", day, time(8), time(16)) for day in (MON, TUE, WED, THU, FRI)
        ],
    },
    {
        "email": "luis.ferreira@clinic.example",
        "display_name": "Luis Ferreira",
        "credentials": "PT, DPT, SCS",
        "bio": "A former track coach, Luis works with runners and field athletes on knee, shin "
        "and ankle problems, from first twinge to race day.",
        "specialties": ["knee", "lower_leg", "ankle_foot"],
        "interests": "Running, return to sport after ligament injuries",
        "hours": [
            ("chicago-lakeview", MON, time(9), time(17)),
            ("chicago-lakeview", WED, time(9), time(17)),
            ("denver-highlands", TUE, time(10), time(18)),
            ("denver-highlands", THU, time(10), time(18)),
        ],
    },
    {
        "email": "hannah.lindqvist@clinic.example",
        "display_name": "Hannah Lindqvist",
        "credentials": "PT, DPT, CHT",
        "bio": "Hannah is a certified hand therapist who treats wrists, elbows and shoulders, "
        "including recovery after fractures and surgery.",
        "specialties": ["wrist_hand", "elbow", "shoulder"],
        "interests": "Musicians, climbers, post-surgical hand care",
        "hours": [("chicago-lakeview", day, time(7), time(15)) for day in (MON, TUE, WED, THU)],
    },
    {
        "email": "samuel.whitehorse@clinic.example",
        "display_name": "Samuel Whitehorse",
        "credentials": "PT, MPT",
        "bio": "Samuel treats shoulders, necks and upper backs, and likes helping people who "
        "lift, swim or work overhead keep doing what they love.",
        "specialties": ["shoulder", "neck", "mid_upper_back"],
        "interests": "Swimmers, overhead workers, older adults staying strong",
        "hours": [
            ("denver-highlands", day, time(9), time(17)) for day in (MON, TUE, WED, THU, FRI)
        ],
    },
    {
        "email": "priya.raman@clinic.example",
        "display_name": "Priya Raman",
        "credentials": "PT, DPT, OCS",
        "bio": "Priya focuses on hips and knees, from arthritis that limits walks to recovery "
        "after a joint replacement.",
        "specialties": ["hip", "knee", "low_back"],
        "interests": "Hip and knee arthritis, hiking, joint replacement rehab",
        "hours": [
            ("denver-highlands", day, time(8), time(14)) for day in (TUE, WED, THU, FRI, SAT)
        ],
    },
    {
        "email": "jonah.abernathy@clinic.example",
        "display_name": "Jonah Abernathy",
        "credentials": "PT, DPT, FAAOMPT",
        "bio": "Jonah is a manual therapy fellow who works with stubborn back, neck and hip "
        "pain and explains every step of the plan.",
        "specialties": ["low_back", "neck", "hip"],
        "interests": "Persistent pain, cyclists, manual therapy",
        "hours": [
            ("denver-highlands", MON, time(8), time(16)),
            ("denver-highlands", WED, time(8), time(16)),
            ("denver-highlands", FRI, time(8), time(16)),
            ("chicago-lakeview", TUE, time(11), time(19)),
            ("chicago-lakeview", THU, time(11), time(19)),
        ],
    },
]

APPOINTMENT_TYPES = [
    {
        "slug": "initial-evaluation",
        "name": "Initial evaluation",
        "duration_minutes": 60,
        "buffer_minutes": 15,
        "online_bookable": True,
        "new_patient_only": True,
    },
    {
        "slug": "follow-up",
        "name": "Follow-up visit",
        "duration_minutes": 45,
        "buffer_minutes": 15,
        "online_bookable": False,
        "new_patient_only": False,
    },
    {
        "slug": "re-evaluation",
        "name": "Re-evaluation",
        "duration_minutes": 45,
        "buffer_minutes": 15,
        "online_bookable": False,
        "new_patient_only": False,
    },
]

#: (therapist email, first day offset from today, reason, length in days)
TIME_OFF = [
    ("maya.okafor@clinic.example", 10, "Conference", 3),
    ("samuel.whitehorse@clinic.example", 4, "Personal day", 1),
]

#: (location slug, day offset, reason): whole-day closures.
CLOSURES = [("denver-highlands", 17, "Staff training day")]

PATIENTS = [
    ("Avery", "Calloway", "avery.calloway@example.com", "(312) 555-0111", "1988-04-12"),
    ("Bianca", "Moreno", "bianca.moreno@example.com", "(312) 555-0112", "1975-09-30"),
    ("Caleb", "Nakamura", "caleb.nakamura@example.com", "(720) 555-0113", "1999-01-05"),
    ("Dana", "Whitfield", "dana.whitfield@example.com", "(303) 555-0114", "1962-06-21"),
    ("Elias", "Brennan", "elias.brennan@example.com", "(773) 555-0115", "1993-11-02"),
    ("Farah", "Haddad", "farah.haddad@example.com", "(720) 555-0116", "1981-03-17"),
    ("Gideon", "Pryce", "gideon.pryce@example.com", "(312) 555-0117", "1957-08-08"),
    ("Hollis", "Ekwueme", "hollis.ekwueme@example.com", "(303) 555-0118", "2004-12-14"),
]

#: (patient index, therapist email, location slug, type slug, days ahead, hour into the day,
#:  topic) for appointments over the coming weeks.
APPOINTMENTS = [
    (0, "maya.okafor@clinic.example", "chicago-lakeview", "initial-evaluation", 1, 1, None),
    (1, "luis.ferreira@clinic.example", "chicago-lakeview", "initial-evaluation", 2, 0, None),
    (2, "luis.ferreira@clinic.example", "denver-highlands", "initial-evaluation", 2, 2, None),
    (3, "priya.raman@clinic.example", "denver-highlands", "initial-evaluation", 3, 0, None),
    (4, "jonah.abernathy@clinic.example", "chicago-lakeview", "initial-evaluation", 1, 3, None),
    (5, "samuel.whitehorse@clinic.example", "denver-highlands", "initial-evaluation", 6, 1, None),
    (6, "hannah.lindqvist@clinic.example", "chicago-lakeview", "initial-evaluation", 5, 2, None),
    (7, "jonah.abernathy@clinic.example", "denver-highlands", "initial-evaluation", 8, 4, None),
    (0, "maya.okafor@clinic.example", "chicago-lakeview", "follow-up", 8, 2, None),
    (1, "luis.ferreira@clinic.example", "chicago-lakeview", "follow-up", 9, 3, None),
    (3, "priya.raman@clinic.example", "denver-highlands", "follow-up", 10, 1, None),
    (4, "jonah.abernathy@clinic.example", "chicago-lakeview", "follow-up", 15, 2, None),
]

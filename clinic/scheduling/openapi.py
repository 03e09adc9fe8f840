"""The OpenAPI 3.1 description of the public API, served at /api/v1/openapi.json."""

_ID = {"type": "integer", "minimum": 1, "maximum": 2147483647}
_ERROR = {
    "description": "A parameter is missing or invalid; `parameter` names it.",
    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
}

OPENAPI = {
    "openapi": "3.1.0",
    "info": {
        "title": "Clinic public API",
        "version": "1.0.0",
        "description": "Read-only: therapists, appointment types and free times for online "
        "booking. Times are ISO 8601 with their UTC offset, in the location's time zone.",
    },
    "paths": {
        "/api/v1/therapists": {
            "get": {
                "summary": "Active therapists",
                "responses": {
                    "200": {
                        "description": "Therapists",
                        "content": {
                            "application/json": {
                                "schema": {
                                    "type": "object",
                                    "properties": {
                                        "therapists": {
                                            "type": "array",
                                            "items": {"$ref": "#/components/schemas/Therapist"},
                                        },
                                    },
                                }
                            },
                        },
                    }
                },
            }
        },
        "/api/v1/appointment-types": {
            "get": {
                "summary": "Active appointment types",
                "responses": {
                    "200": {
                        "description": "Appointment types",
                        "content": {
                            "application/json": {
                                "schema": {
                                    "type": "object",
                                    "properties": {
                                        "appointment_types": {
                                            "type": "array",
                                            "items": {
                                                "$ref": "#/components/schemas/AppointmentType"
                                            },
                                        },
                                    },
                                }
                            },
                        },
                    }
                },
            }
        },
        "/api/v1/availability": {
            "get": {
                "summary": "Free times for one online-bookable appointment type",
                "parameters": [
                    {"name": "type", "in": "query", "required": True, "schema": _ID},
                    {"name": "therapist", "in": "query", "required": False, "schema": _ID},
                    {"name": "location", "in": "query", "required": False, "schema": _ID},
                    {
                        "name": "start",
                        "in": "query",
                        "required": True,
                        "schema": {"type": "string", "format": "date"},
                        "description": "First local date, YYYY-MM-DD.",
                    },
                    {
                        "name": "end",
                        "in": "query",
                        "required": True,
                        "schema": {"type": "string", "format": "date"},
                        "description": "Last local date (inclusive); at most 62 days in all.",
                    },
                ],
                "responses": {
                    "200": {
                        "description": "Free slots",
                        "content": {
                            "application/json": {
                                "schema": {"$ref": "#/components/schemas/Availability"}
                            }
                        },
                    },
                    "400": _ERROR,
                },
            }
        },
    },
    "components": {
        "schemas": {
            "Therapist": {
                "type": "object",
                "required": ["id", "name"],
                "properties": {
                    "id": _ID,
                    "name": {"type": "string"},
                    "credentials": {"type": "string"},
                    "bio": {"type": "string"},
                    "specialties": {"type": "array", "items": {"type": "string"}},
                    "accepts_new_patients": {"type": "boolean"},
                    "location_ids": {"type": "array", "items": _ID},
                },
            },
            "AppointmentType": {
                "type": "object",
                "required": ["id", "name"],
                "properties": {
                    "id": _ID,
                    "name": {"type": "string"},
                    "duration_minutes": {"type": "integer"},
                    "online_bookable": {"type": "boolean"},
                    "new_patient_only": {"type": "boolean"},
                },
            },
            "Availability": {
                "type": "object",
                "required": ["timezone", "slots"],
                "properties": {
                    "timezone": {
                        "type": ["string", "null"],
                        "description": "IANA zone of the location; null when the slots span "
                        "several locations.",
                    },
                    "slots": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "required": ["therapist_id", "location_id", "start", "end"],
                            "properties": {
                                "therapist_id": _ID,
                                "location_id": _ID,
                                "start": {"type": "string", "format": "date-time"},
                                "end": {"type": "string", "format": "date-time"},
                            },
                        },
                    },
                },
            },
            "Error": {
                "type": "object",
                "properties": {
                    "error": {
                        "type": "object",
                        "properties": {
                            "status": {"type": "integer"},
                            "title": {"type": "string"},
                            "parameter": {"type": "string"},
                            "detail": {"type": "string"},
                        },
                    }
                },
            },
        }
    },
}

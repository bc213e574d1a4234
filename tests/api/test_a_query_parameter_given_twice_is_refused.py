"""A scalar query parameter given twice is a 422 naming it: the last value must not silently win."""


def test_a_repeated_query_parameter_is_refused_naming_it(org):
    response = org.get("/api/v1/escalations?state=open&state=resolved")
    assert response.status_code == 422 and response.json()["error"]["field"] == "state"
    assert org.get("/api/v1/escalations?state=resolved").status_code == 200

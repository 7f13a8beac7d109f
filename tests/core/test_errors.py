def test_unknown_path_is_json_404(client_a):
    response = client_a.get("/api/v1/nothing-here/")
    assert response.status_code == 404
    assert response.json() == {"type": "client_error", "code": "not_found", "detail": "No such path.", "fields": {}}


def test_validation_error_has_type_code_detail_and_fields(client_a):
    body = client_a.post("/api/v1/auth/register/", {}, format="json").json()
    assert body["type"] == "validation_error"
    assert body["code"] == "invalid_input"
    assert set(body["fields"]) == {"email", "password"}
    assert isinstance(body["detail"], str)


def test_malformed_json_is_400_parse_error(client_a):
    response = client_a.post("/api/v1/auth/register/", "{not json", content_type="application/json")
    assert response.status_code == 400
    assert response.json()["code"] == "parse_error"


def test_wrong_method_is_405_with_code(client_a):
    response = client_a.delete("/api/v1/brand/")
    assert response.status_code == 405
    assert response.json()["code"] == "method_not_allowed"


def test_unsupported_media_type_is_415(client_a):
    response = client_a.post("/api/v1/auth/register/", "a=b", content_type="application/x-www-form-urlencoded")
    assert response.status_code == 415
    assert response.json()["code"] == "unsupported_media_type"


def test_path_without_trailing_slash_is_json_404_not_a_redirect(client_a):
    response = client_a.post("/api/v1/auth/register", {}, format="json")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_field_messages_come_in_the_language_the_client_asks_for_and_codes_stay_the_same(client_a):
    german = client_a.post("/api/v1/auth/register/", {}, format="json", HTTP_ACCEPT_LANGUAGE="de").json()
    english = client_a.post("/api/v1/auth/register/", {}, format="json").json()
    assert german["code"] == english["code"] == "invalid_input"
    assert german["fields"]["email"] == ["Dieses Feld ist zwingend erforderlich."]
    assert english["fields"]["email"] == ["This field is required."]

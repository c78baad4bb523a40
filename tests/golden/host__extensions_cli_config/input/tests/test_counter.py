from counter import create_app


def test_test_config_replaces_the_instance_file(client):
    data = client.get("/about").get_json()
    assert data["title"] == "Test board"
    assert data["counters"] == ["coffee", "tea"]
    assert data["tally_registered"] is True


def test_instance_file_is_read_without_test_config():
    assert create_app().config["BOARD_TITLE"] == "Third floor kitchen"


def test_hit_and_show(client):
    response = client.post("/counters/tea/hit")
    assert response.status_code == 201
    assert response.get_json() == {"name": "tea", "count": 1, "touched": "tea"}
    assert client.get("/counters/tea").get_json()["count"] == 1
    assert client.get("/counters/last").get_json() == {"last": "tea", "step": 1}


def test_unknown_counter_is_404(client):
    response = client.get("/counters/water")
    assert response.status_code == 404
    assert response.get_json() == {"error": "not found"}


def test_board_uses_the_template_globals(client):
    client.post("/counters/coffee/hit")
    page = client.get("/").get_data(as_text=True)
    assert "<li>coffee: 1 cup</li>" in page
    assert "<li>tea: 0 cups</li>" in page
    assert "visit 1, last counter coffee (/counters/coffee)" in page


def test_teardown_runs_after_a_hit(client):
    before = client.get("/counters/stats").get_json()["closed"]
    client.post("/counters/coffee/hit")
    client.post("/counters/coffee/hit")
    client.get("/counters/coffee")
    assert client.get("/counters/stats").get_json()["closed"] == before + 2


def test_reset_command(client, runner):
    client.post("/counters/coffee/hit")
    client.post("/counters/tea/hit")
    result = runner.invoke(args=["reset", "--name", "tea"])
    assert result.exit_code == 0
    assert result.output == "reset tea\n"
    assert client.get("/counters/stats").get_json()["counts"] == {"coffee": 1}
    result = runner.invoke(args=["reset"])
    assert result.output == "reset all counters\n"
    assert client.get("/counters/stats").get_json()["counts"] == {}

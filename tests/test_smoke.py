import tmpl


def test_package_has_a_version():
    assert tmpl.__version__.count(".") == 2

"""A context processor, as listed in OPTIONS["context_processors"]."""


def site(request):
    return {"site_title": "Test site"}

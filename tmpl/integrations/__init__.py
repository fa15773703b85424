"""Framework integrations: each submodule plugs tmpl into one web framework.

``tmpl.integrations.flask`` (Flask), ``tmpl.integrations.django`` (a Django template
backend), ``tmpl.integrations.pyramid`` (a Pyramid renderer) and ``tmpl.integrations.bottle``
(Bottle's ``template``/``view``).  Nothing here is imported by ``import tmpl``; each submodule
imports its framework, installed with the matching extra (``pip install tmpl[flask]``...).
"""

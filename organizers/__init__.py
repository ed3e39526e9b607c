"""The organizer console. Each part is a blueprint of its own module; `blueprints()` lists them all."""


def blueprints():
    from organizers import blueprint

    return [blueprint.blueprint]

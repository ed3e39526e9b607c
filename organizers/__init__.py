"""The organizer console. Each part is a blueprint of its own module; `blueprints()` lists them all
(the venue boards, public pages, are registered here too since the schedule owns venues)."""


def blueprints():
    from display import venues
    from organizers import blueprint, boards, certificates, importing_views, matches, panels, results, schedule, setup

    return [blueprint.blueprint, importing_views.blueprint, schedule.blueprint, venues.blueprint, results.blueprint,
            setup.blueprint, panels.blueprint, certificates.blueprint, matches.blueprint, boards.blueprint]

from ninja import Router

router = Router(tags=["decisions and measures"])

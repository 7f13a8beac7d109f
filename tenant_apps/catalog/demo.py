"""Demo catalogs for `seed_demo`: two locations and a ~60-item menu for the burger and sushi brands,
with modifier groups (nested one level), breakfast and lunch schedules, allergens, delivery zones
and per-location prices. Built through the services, so every rule applies. Idempotent: a brand
that already has a location is left alone.
"""

from dataclasses import dataclass

from . import rules, services
from .models import Location

ALL_DAYS = rules.WEEKDAYS
WEEKDAYS = ALL_DAYS[:5]


def _week(ranges, days=ALL_DAYS) -> dict:
    return {day: ranges for day in days}


@dataclass(frozen=True)
class DemoLocation:
    name: str
    address: str
    latitude: float
    longitude: float
    phone: str


# (name, description, price_cents, allergens, dietary_tags, kind): `kind` picks modifier groups.
BURGER_MENU = {
    "Breakfast": (_week([["07:00", "11:00"]]), [
        ("Brioche Egg Bun", "Fried egg, cheddar, chives", 650, ["gluten", "eggs", "milk"], ["vegetarian"], "breakfast"),
        ("Bacon & Egg Muffin", "Smoked bacon, egg, hollandaise", 750, ["gluten", "eggs", "milk"], [], "breakfast"),
        ("Pancake Stack", "Three pancakes, maple syrup", 690, ["gluten", "eggs", "milk"], ["vegetarian"], "breakfast"),
        ("Avocado Toast", "Sourdough, avocado, chilli", 720, ["gluten"], ["vegan"], "breakfast"),
        ("Hash Brown Box", "Four crispy hash browns", 390, [], ["vegan"], None),
        ("Filter Coffee", "Refills on the house", 250, [], ["vegan"], "coffee"),
    ]),
    "Lunch Deals": (_week([["11:30", "15:00"]], WEEKDAYS), [
        ("Classic Lunch Combo", "Classic burger, fries, drink", 1190, ["gluten", "milk", "mustard"], [], "combo"),
        ("Chicken Lunch Combo", "Crispy chicken burger, fries, drink", 1190, ["gluten", "eggs"], [], "combo"),
        ("Veggie Lunch Combo", "Halloumi burger, fries, drink", 1150, ["gluten", "milk"], ["vegetarian"], "combo"),
    ]),
    "Burgers": (None, [
        ("Classic", "Beef patty, lettuce, tomato, pickles, house sauce", 990, ["gluten", "eggs", "mustard"], [], "burger"),
        ("Cheeseburger", "Beef, double cheddar, onions", 1090, ["gluten", "milk", "mustard"], [], "burger"),
        ("Double Smash", "Two smashed patties, American cheese", 1390, ["gluten", "milk"], [], "burger"),
        ("BBQ Bacon", "Beef, bacon, onion rings, BBQ sauce", 1290, ["gluten", "milk", "celery"], [], "burger"),
        ("Blue Cheese", "Beef, gorgonzola, walnuts, pear", 1350, ["gluten", "milk", "nuts"], [], "burger"),
        ("Jalapeño Fire", "Beef, pepper jack, jalapeños, chipotle mayo", 1250, ["gluten", "milk", "eggs"], ["spicy"], "burger"),
        ("Mushroom Swiss", "Beef, sautéed mushrooms, Swiss cheese", 1250, ["gluten", "milk"], [], "burger"),
        ("Truffle Burger", "Beef, truffle mayo, parmesan, rocket", 1490, ["gluten", "milk", "eggs"], [], "burger"),
        ("Teriyaki Burger", "Beef, teriyaki glaze, pineapple, sesame", 1290, ["gluten", "soybeans", "sesame"], [], "burger"),
        ("Kids Burger", "Small beef patty, ketchup", 690, ["gluten"], [], "burger"),
    ]),
    "Chicken": (None, [
        ("Crispy Chicken", "Buttermilk chicken, slaw, pickles", 1090, ["gluten", "milk", "eggs"], [], "burger"),
        ("Nashville Hot", "Hot-glazed chicken, pickles", 1190, ["gluten", "milk"], ["spicy"], "burger"),
        ("Grilled Chicken", "Grilled breast, avocado, tomato", 1150, ["gluten"], [], "burger"),
        ("Chicken Tenders (5)", "With a dip of your choice", 890, ["gluten", "eggs"], [], "tenders"),
        ("Chicken Wings (8)", "Buffalo or BBQ", 990, ["celery"], ["gluten_free"], "wings"),
        ("Popcorn Chicken", "Bite-sized, lemon pepper", 690, ["gluten"], [], "tenders"),
    ]),
    "Veggie & Vegan": (None, [
        ("Beyond Classic", "Plant patty, vegan cheese, house sauce", 1190, ["gluten", "soybeans"], ["vegan"], "burger"),
        ("Halloumi Burger", "Grilled halloumi, harissa, rocket", 1150, ["gluten", "milk"], ["vegetarian"], "burger"),
        ("Falafel Burger", "Falafel, hummus, pickled red onion", 1050, ["gluten", "sesame"], ["vegan"], "burger"),
        ("Mushroom Burger", "Portobello, truffle mayo", 1090, ["gluten", "eggs"], ["vegetarian"], "burger"),
        ("Vegan Nuggets (6)", "Soy nuggets, sweet chilli", 790, ["gluten", "soybeans"], ["vegan"], "tenders"),
    ]),
    "Sides": (None, [
        ("Fries", "Skin-on, sea salt", 390, [], ["vegan"], "fries"),
        ("Sweet Potato Fries", "With chipotle mayo", 490, ["eggs"], ["vegetarian"], "fries"),
        ("Onion Rings", "Beer-battered", 450, ["gluten"], ["vegetarian"], None),
        ("Cheesy Fries", "Cheddar sauce, jalapeños", 590, ["milk"], ["vegetarian", "spicy"], None),
        ("Coleslaw", "Creamy, house-made", 290, ["eggs", "mustard"], ["vegetarian", "gluten_free"], None),
        ("Corn on the Cob", "Chilli butter", 350, ["milk"], ["vegetarian", "gluten_free"], None),
        ("Mac & Cheese", "Baked, three cheeses", 590, ["gluten", "milk"], ["vegetarian"], None),
    ]),
    "Salads": (None, [
        ("Caesar Salad", "Romaine, parmesan, croutons", 890, ["gluten", "milk", "fish", "eggs"], [], "salad"),
        ("Cobb Salad", "Chicken, bacon, egg, blue cheese", 1050, ["milk", "eggs"], ["gluten_free"], "salad"),
        ("Green Bowl", "Kale, quinoa, avocado, seeds", 950, ["sesame"], ["vegan", "gluten_free"], "salad"),
        ("Greek Salad", "Feta, olives, cucumber, tomato", 890, ["milk"], ["vegetarian", "gluten_free"], "salad"),
    ]),
    "Desserts": (None, [
        ("Brownie", "Warm, with sea salt", 450, ["gluten", "eggs", "milk", "nuts"], ["vegetarian"], None),
        ("Cheesecake", "New York style", 550, ["gluten", "eggs", "milk"], ["vegetarian"], None),
        ("Apple Pie", "With cinnamon", 490, ["gluten", "milk"], ["vegetarian"], None),
        ("Vegan Cookie", "Chocolate chip", 290, ["gluten"], ["vegan"], None),
        ("Sundae", "Vanilla, hot fudge, peanuts", 490, ["milk", "peanuts"], ["vegetarian"], None),
        ("Churros", "Cinnamon sugar, chocolate dip", 450, ["gluten", "milk"], ["vegetarian"], None),
    ]),
    "Drinks": (None, [
        ("Cola", "", 290, [], ["vegan"], "drink"), ("Cola Zero", "", 290, [], ["vegan"], "drink"),
        ("Lemonade", "House-made", 350, [], ["vegan"], "drink"), ("Iced Tea", "Peach", 320, [], ["vegan"], "drink"),
        ("Sparkling Water", "", 250, [], ["vegan"], "drink"), ("Craft Lager", "0.33 l", 450, ["gluten"], ["vegan"], None),
        ("Root Beer", "", 320, [], ["vegan"], "drink"), ("Orange Juice", "Fresh", 390, [], ["vegan"], None),
        ("Ginger Ale", "", 320, [], ["vegan"], "drink"),
    ]),
    "Shakes": (None, [
        ("Vanilla Shake", "", 490, ["milk"], ["vegetarian"], "shake"),
        ("Chocolate Shake", "", 490, ["milk"], ["vegetarian"], "shake"),
        ("Strawberry Shake", "", 490, ["milk"], ["vegetarian"], "shake"),
        ("Salted Caramel Shake", "", 520, ["milk"], ["vegetarian"], "shake"),
    ]),
}

SUSHI_MENU = {
    "Breakfast": (_week([["08:00", "11:00"]], ("sat", "sun")), [
        ("Onigiri Salmon", "Rice ball, grilled salmon, nori", 350, ["fish"], [], None),
        ("Onigiri Umeboshi", "Rice ball, pickled plum", 300, [], ["vegan"], None),
        ("Tamago Sando", "Japanese egg sandwich", 550, ["gluten", "eggs", "milk"], ["vegetarian"], None),
        ("Miso Breakfast Set", "Miso soup, rice, grilled salmon", 990, ["fish", "soybeans"], [], None),
    ]),
    "Lunch Bento": (_week([["11:30", "14:30"]], WEEKDAYS), [
        ("Salmon Teriyaki Bento", "With rice, salad and miso", 1290, ["fish", "soybeans", "gluten"], [], "bento"),
        ("Chicken Katsu Bento", "With rice, salad and miso", 1190, ["gluten", "eggs", "soybeans"], [], "bento"),
        ("Tofu Bento", "With rice, salad and miso", 1090, ["soybeans", "sesame"], ["vegan"], "bento"),
    ]),
    "Nigiri (2 pcs)": (None, [
        ("Salmon Nigiri", "", 450, ["fish"], ["gluten_free"], "nigiri"), ("Tuna Nigiri", "", 550, ["fish"], ["gluten_free"], "nigiri"),
        ("Yellowtail Nigiri", "", 550, ["fish"], ["gluten_free"], "nigiri"), ("Sea Bass Nigiri", "", 450, ["fish"], ["gluten_free"], "nigiri"),
        ("Prawn Nigiri", "", 450, ["crustaceans"], ["gluten_free"], "nigiri"), ("Eel Nigiri", "", 550, ["fish", "soybeans", "gluten"], [], "nigiri"),
        ("Scallop Nigiri", "", 650, ["molluscs"], ["gluten_free"], "nigiri"), ("Tamago Nigiri", "", 350, ["eggs"], ["vegetarian"], "nigiri"),
        ("Avocado Nigiri", "", 350, [], ["vegan"], "nigiri"), ("Seared Salmon Nigiri", "", 500, ["fish", "eggs"], [], "nigiri"),
    ]),
    "Maki (6 pcs)": (None, [
        ("Salmon Maki", "", 490, ["fish"], ["gluten_free"], "maki"), ("Tuna Maki", "", 550, ["fish"], ["gluten_free"], "maki"),
        ("Cucumber Maki", "", 350, [], ["vegan"], "maki"), ("Avocado Maki", "", 390, [], ["vegan"], "maki"),
        ("Spicy Tuna Maki", "", 590, ["fish", "eggs"], ["spicy"], "maki"), ("Oshinko Maki", "Pickled radish", 350, [], ["vegan"], "maki"),
        ("Natto Maki", "", 390, ["soybeans"], ["vegan"], "maki"),
    ]),
    "Uramaki (8 pcs)": (None, [
        ("California Roll", "Crab, avocado, cucumber, tobiko", 890, ["crustaceans", "fish", "eggs"], [], "maki"),
        ("Spicy Salmon Roll", "Salmon, sriracha mayo, spring onion", 950, ["fish", "eggs"], ["spicy"], "maki"),
        ("Dragon Roll", "Eel, avocado, cucumber, unagi sauce", 1290, ["fish", "soybeans", "gluten", "sesame"], [], "maki"),
        ("Rainbow Roll", "California roll topped with fish", 1390, ["crustaceans", "fish", "eggs"], [], "maki"),
        ("Prawn Tempura Roll", "Prawn tempura, avocado, mayo", 1090, ["crustaceans", "gluten", "eggs"], [], "maki"),
        ("Veggie Dragon Roll", "Tempura vegetables, avocado", 950, ["gluten", "sesame"], ["vegan"], "maki"),
        ("Philadelphia Roll", "Salmon, cream cheese, cucumber", 990, ["fish", "milk"], [], "maki"),
    ]),
    "Sashimi (5 pcs)": (None, [
        ("Salmon Sashimi", "", 850, ["fish"], ["gluten_free"], None), ("Tuna Sashimi", "", 1050, ["fish"], ["gluten_free"], None),
        ("Yellowtail Sashimi", "", 1050, ["fish"], ["gluten_free"], None), ("Mixed Sashimi (9 pcs)", "", 1590, ["fish"], ["gluten_free"], None),
        ("Sea Bass Sashimi", "", 890, ["fish"], ["gluten_free"], None),
    ]),
    "Hot Dishes": (None, [
        ("Chicken Katsu Curry", "Panko chicken, curry sauce, rice", 1290, ["gluten", "eggs", "celery"], [], "spice"),
        ("Tonkotsu Ramen", "Pork broth, chashu, egg", 1390, ["gluten", "eggs", "soybeans", "sesame"], [], "ramen"),
        ("Vegan Miso Ramen", "Miso broth, tofu, corn", 1250, ["gluten", "soybeans", "sesame"], ["vegan"], "ramen"),
        ("Chicken Yakitori (3)", "Tare glaze", 790, ["gluten", "soybeans"], [], None),
        ("Prawn Tempura (5)", "With tentsuyu", 1090, ["crustaceans", "gluten", "eggs", "fish"], [], None),
        ("Beef Teriyaki Don", "Rice bowl", 1390, ["gluten", "soybeans", "sesame"], [], "spice"),
        ("Chicken Teriyaki Don", "Rice bowl", 1190, ["gluten", "soybeans", "sesame"], [], "spice"),
    ]),
    "Sides": (None, [
        ("Edamame", "Sea salt", 390, ["soybeans"], ["vegan", "gluten_free"], None),
        ("Spicy Edamame", "Chilli garlic", 450, ["soybeans"], ["vegan", "spicy"], None),
        ("Miso Soup", "", 290, ["soybeans", "fish"], [], None),
        ("Gyoza (5)", "Pork or vegetable", 650, ["gluten", "soybeans", "sesame"], [], "gyoza"),
        ("Seaweed Salad", "", 450, ["sesame"], ["vegan"], None),
        ("Steamed Rice", "", 250, [], ["vegan", "gluten_free"], None),
        ("Agedashi Tofu", "Fried tofu in dashi", 550, ["soybeans", "fish", "gluten"], [], None),
    ]),
    "Drinks": (None, [
        ("Green Tea", "Hot", 250, [], ["vegan"], None), ("Iced Matcha Latte", "", 450, ["milk"], ["vegetarian"], "milk"),
        ("Ramune", "Japanese soda", 350, [], ["vegan"], None), ("Calpico", "", 320, ["milk"], ["vegetarian"], None),
        ("Asahi", "0.33 l", 450, ["gluten"], ["vegan"], None), ("Still Water", "", 200, [], ["vegan"], None),
    ]),
    "Desserts": (None, [
        ("Mochi Ice Cream (3)", "Matcha, mango, black sesame", 550, ["milk", "sesame"], ["vegetarian"], None),
        ("Dorayaki", "Red bean pancake", 390, ["gluten", "eggs"], ["vegetarian"], None),
        ("Yuzu Cheesecake", "", 590, ["gluten", "eggs", "milk"], ["vegetarian"], None),
        ("Matcha Tiramisu", "", 620, ["gluten", "eggs", "milk"], ["vegetarian"], None),
    ]),
}


def _modifier_groups(kind: str | None) -> list[dict]:
    """Modifier groups in the menu-tree shape, by kind (see the menus above)."""
    m = lambda name, cents=0, allergens=(), groups=(), max_quantity=1: {  # noqa: E731
        "name": name, "price_delta_cents": cents, "allergens": list(allergens), "groups": list(groups), "max_quantity": max_quantity}
    g = lambda name, mods, min_select=0, max_select=None, required=False, free=0: {  # noqa: E731
        "name": name, "min_select": min_select, "max_select": max_select, "required": required, "free_quantity": free,
        "modifiers": mods}
    dips = g("Dip", [m("Ketchup"), m("Mayo", 0, ["eggs"]), m("BBQ"), m("Chipotle Mayo", 50, ["eggs"])], 1, 1, True)
    extras = g("Extras", [m("Bacon", 150), m("Cheddar", 100, ["milk"]), m("Fried Egg", 120, ["eggs"]),
                          m("Avocado", 150), m("Jalapeños", 50), m("Extra Patty", 350, max_quantity=2)], 0, 5, free=1)
    groups = {
        "burger": [
            g("Bun", [m("Brioche", 0, ["gluten", "eggs", "milk"]), m("Gluten-free bun", 100), m("Lettuce wrap")], 1, 1, True),
            extras,
            g("Make it a meal", [m("Fries", 290, groups=[dips]), m("Sweet Potato Fries", 350, ["eggs"]),
                                 m("Side Salad", 250)], 0, 1),
        ],
        "combo": [g("Drink", [m("Cola"), m("Cola Zero"), m("Lemonade", 50), m("Water")], 1, 1, True),
                  g("Side", [m("Fries", 0, groups=[dips]), m("Onion Rings", 60, ["gluten"])], 1, 1, True)],
        "breakfast": [g("Add", [m("Hash Brown", 150), m("Bacon", 150), m("Extra Egg", 100, ["eggs"])], 0, 3)],
        "coffee": [g("Milk", [m("Whole"), m("Oat", 40), m("None")], 1, 1, True)],
        "tenders": [g("Dips", [m("Honey Mustard", 50, ["mustard"]), m("BBQ", 50), m("Ranch", 50, ["milk", "eggs"]),
                               m("Sweet Chilli", 50)], 0, 3, free=2)],
        "wings": [g("Sauce", [m("Buffalo"), m("BBQ"), m("Honey Garlic")], 1, 1, True),
                  g("Dip", [m("Blue Cheese", 80, ["milk"]), m("Ranch", 80, ["milk", "eggs"])], 0, 2)],
        "fries": [g("Size", [m("Regular"), m("Large", 150)], 1, 1, True), g("Dip", dips["modifiers"], 0, 2, free=1)],
        "salad": [g("Protein", [m("Chicken", 250), m("Halloumi", 250, ["milk"]), m("Tofu", 200, ["soybeans"])], 0, 1),
                  g("Dressing", [m("Caesar", 0, ["eggs", "fish", "milk"]), m("Vinaigrette", 0, ["mustard"]),
                                 m("Tahini", 0, ["sesame"])], 1, 1, True)],
        "drink": [g("Size", [m("0.33 l"), m("0.5 l", 80), m("1 l", 180)], 1, 1, True)],
        "shake": [g("Size", [m("Regular"), m("Large", 150)], 1, 1, True),
                  g("Toppings", [m("Whipped Cream", 50, ["milk"]), m("Sprinkles", 30), m("Oreo Crumble", 80, ["gluten"])], 0, 3)],
        "bento": [g("Rice", [m("White Rice"), m("Brown Rice", 50)], 1, 1, True),
                  g("Extra", [m("Gyoza (2)", 250, ["gluten"]), m("Edamame", 150, ["soybeans"])], 0, 2)],
        "nigiri": [g("Extras", [m("Extra Wasabi"), m("Extra Ginger"), m("Gluten-free soy sauce", 30, ["soybeans"])], 0, 3, free=3)],
        "maki": [g("Extras", [m("Extra Wasabi"), m("Extra Ginger"), m("Spicy Mayo", 60, ["eggs"]),
                              m("Eel Sauce", 60, ["soybeans", "gluten"])], 0, 4, free=2),
                 g("Make it a set", [m("Miso Soup", 200, ["soybeans"], groups=[
                     g("Miso", [m("With tofu"), m("With wakame")], 1, 1, True)]), m("Edamame", 250, ["soybeans"])], 0, 2)],
        "ramen": [g("Spice", [m("Mild"), m("Medium"), m("Hot")], 1, 1, True),
                  g("Toppings", [m("Extra Egg", 150, ["eggs"]), m("Chashu", 250), m("Nori", 80), m("Corn", 80)], 0, 4)],
        "spice": [g("Spice", [m("Mild"), m("Medium"), m("Hot")], 1, 1, True)],
        "gyoza": [g("Filling", [m("Pork"), m("Vegetable", 0, ["gluten"])], 1, 1, True)],
        "milk": [g("Milk", [m("Whole", 0, ["milk"]), m("Oat", 40)], 1, 1, True)],
    }
    return groups.get(kind, []) if kind else []


ALCOHOL = ("Craft Lager", "Asahi")


def _menu_document(name: str, menu: dict) -> dict:
    return {
        "name": name,
        "description": "",
        "availability": None,
        "categories": [
            {"name": category, "description": "", "availability": schedule, "items": [
                {"name": n, "description": d, "price_cents": p, "allergens": a, "dietary_tags": t,
                 "tax_category": "standard" if n in ALCOHOL else "reduced",  # food reduced, alcohol standard
                 "modifier_groups": _modifier_groups(kind)}
                for n, d, p, a, t, kind in items
            ]}
            for category, (schedule, items) in menu.items()
        ],
    }


BRANDS = {
    "burger": {
        "menu": ("All Day", BURGER_MENU),
        "locations": (DemoLocation("Mitte", "Torstraße 101, 10119 Berlin", 52.5290, 13.4010, "+49 30 1234567"),
                      DemoLocation("Kreuzberg", "Oranienstraße 20, 10999 Berlin", 52.4996, 13.4192, "+49 30 7654321")),
        "hours": {**_week([["07:00", "23:00"]], ("mon", "tue", "wed", "thu")),
                  "fri": [["07:00", "02:00"]], "sat": [["09:00", "02:00"]], "sun": [["10:00", "22:00"]]},
    },
    "sushi": {
        "menu": ("Sushi", SUSHI_MENU),
        "locations": (DemoLocation("Soho", "12 Old Compton Street, London W1D 4TQ", 51.5136, -0.1310, "+44 20 7946 0001"),
                      DemoLocation("Shoreditch", "88 Curtain Road, London EC2A 3AA", 51.5246, -0.0796, "+44 20 7946 0002")),
        "hours": {**_week([["11:30", "15:00"], ["17:00", "22:30"]], WEEKDAYS),
                  "sat": [["08:00", "23:00"]], "sun": [["08:00", "21:00"]]},
    },
}


def _square_around(lat: float, lng: float, half: float) -> list[list[float]]:
    ring = [[lat - half, lng - half * 1.6], [lat - half, lng + half * 1.6], [lat + half, lng + half * 1.6],
            [lat + half, lng - half * 1.6]]
    return [*ring, ring[0]]


def seed_catalog(brand_slug: str, timezone: str) -> int:
    """Fill the current schema's catalog for a demo brand; returns the number of items made (0 if present)."""
    spec = BRANDS.get(brand_slug)
    if spec is None or Location.objects.exists():
        return 0
    locations = []
    for index, place in enumerate(spec["locations"]):
        location = services.create_location(
            actor=None, enforce_plan_limit=False,  # demo data: a trial brand may show two locations
            name=place.name, address=place.address, latitude=place.latitude, longitude=place.longitude, phone=place.phone,
            timezone=timezone, hours=spec["hours"], pickup_enabled=True, delivery_enabled=True,
            prep_time_minutes=15 + 5 * index,
            hours_exceptions=[{"date": "2026-12-25", "ranges": [], "note": "Closed for Christmas"},
                              {"date": "2026-12-31", "ranges": [["12:00", "18:00"]], "note": "New Year's Eve"}],
        )
        services.create_zone(location, actor=None, name="Nearby", kind="radius", radius_m=2500, fee_cents=199, min_order_cents=1200)
        services.create_zone(location, actor=None, name="Wider area", kind="polygon",
                             polygon=_square_around(place.latitude, place.longitude, 0.05), fee_cents=399, min_order_cents=2000)
        locations.append(location)
    name, menu = spec["menu"]
    created = services.import_menu(_menu_document(name, menu), locations=locations, actor=None)
    # The second location charges a little more for its first five items, and one item is 86'd there.
    items = [item for category in created.categories.all() for item in category.items.all()]
    services.bulk_update_prices({item: item.price_cents + 50 for item in items[:5]}, location=locations[1], actor=None)
    services.set_item_availability(items[-1], available=False, location=locations[1], actor=None)
    return len(items)

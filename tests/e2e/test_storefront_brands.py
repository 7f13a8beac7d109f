"""White label at run time: one build, each brand in its own colours, name, logo and language, and
a cart that never crosses from one brand's host to another's."""

from playwright.sync_api import expect

from .storefront import choose_classic_burger, in_english, open_menu

THEME = """() => {
  const style = getComputedStyle(document.documentElement);
  const read = (name) => style.getPropertyValue(name).trim();
  return {primary: read("--brand-primary"), background: read("--brand-bg"), font: read("--brand-font"),
          title: document.title, lang: document.documentElement.lang,
          icon: document.querySelector("link[rel=icon]")?.href ?? null};
}"""


def brand_of(page) -> dict:
    """What the brand endpoint of the page's own host answers."""
    return page.evaluate("async () => (await fetch('/api/v1/brand/')).json()")


def test_two_brands_render_with_their_own_colours_name_logo_and_language(page, live_site, artifacts):
    seen = {}
    for slug, lang in (("burger", "de"), ("sushi", "en")):
        url = live_site.url(slug)
        page.goto(url + "/")
        expect(page.locator("[data-test=locations]")).to_be_visible()
        brand = brand_of(page)
        theme = page.evaluate(THEME)
        assert theme["primary"] == brand["colors"]["primary"].lower()
        assert theme["title"] == brand["name"]
        assert theme["lang"] == lang
        expect(page.locator("[data-test=brand-name]")).to_have_text(brand["name"])
        assert brand["logo_url"], f"{slug} has no logo"
        expect(page.locator("[data-test=brand-logo]")).to_have_attribute("src", brand["logo_url"])
        assert page.locator("[data-test=brand-logo]").evaluate("img => img.complete && img.naturalWidth > 0")
        assert theme["icon"] == brand["logo_url"]
        page.screenshot(path=str(artifacts / f"storefront-{slug}.png"), full_page=True)
        seen[slug] = theme
    assert seen["burger"]["primary"] != seen["sushi"]["primary"]
    assert seen["burger"]["font"] != seen["sushi"]["font"]


def test_one_brands_cart_never_appears_on_another_brands_host(page, live_site):
    in_english(page)
    open_menu(page, live_site.burger_url)
    choose_classic_burger(page)
    expect(page.locator("[data-test=cart-count]")).to_have_text("1")

    page.goto(live_site.sushi_url + "/cart")
    expect(page.locator("[data-test=cart-empty]")).to_be_visible()
    expect(page.locator("[data-test=cart-count]")).to_have_text("0")
    assert page.evaluate("Object.keys(localStorage).filter((k) => k.startsWith('brigade.cart.'))") in ([], ["brigade.cart.sushi"])

    page.goto(live_site.burger_url + "/cart")
    expect(page.locator("[data-test=cart-lines]")).to_contain_text("Classic")


def test_a_suspended_brand_says_plainly_that_it_takes_no_orders(page, live_site):
    in_english(page)
    page.goto(live_site.url("pizza") + "/")
    banner = page.locator("[data-test=not-accepting]")
    expect(banner).to_be_visible()
    expect(banner).to_contain_text("is not taking orders")
    expect(page.get_by_role("link", name="Order here")).to_have_count(0)

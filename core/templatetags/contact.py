"""Links that reach a person from her phone number: `tel:` and WhatsApp."""

from django import template

register = template.Library()


@register.filter
def whatsapp_url(phone) -> str:
    """https://wa.me/6281234567890: WhatsApp's link wants the number without "+"."""
    return f"https://wa.me/{phone.as_e164.lstrip('+')}" if phone else ""

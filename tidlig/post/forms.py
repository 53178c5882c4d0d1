from django.utils.translation import gettext_lazy as _

from tidlig.core.forms import TidligForm, date_field


class PaperForm(TidligForm):
    sent_on = date_field(_("Sendt med posten den"))

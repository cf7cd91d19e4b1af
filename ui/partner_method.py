"""The partner-evaluation section of the Methodology page, built from the same content the model uses."""

from __future__ import annotations

import streamlit as st

from model.content.schema import Questionnaire
from model.errors import QuestionnaireError
from model.methods.ahp import RANDOM_INDEX
from model.partners.evaluation import criteria_weights, recommended_units
from ui import state
from ui.i18n import current_lang, t


def render(q: Questionnaire) -> None:
    lang = current_lang()
    st.header(t("pt_method_title"), anchor=False)
    try:
        content = state.partner_content()  # checked once per process, not on every visit
    except QuestionnaireError as exc:
        st.warning(t("pt_broken_content") + "\n\n" + "\n".join(f"- `{line}`" for line in exc.messages[:10]))
        return
    sep = "；" if lang == "zh" else "; "
    defaults = criteria_weights(content.default_criteria_judgements())
    criteria = sep.join(
        f"{c.name.get(lang)} {w:.2f}（{c.ref}）" if lang == "zh" else f"{c.name.get(lang)} {w:.2f} ({c.ref})"
        for c, w in zip(content.criteria, defaults.weights, strict=True)
    )
    colon, comma = ("：", "，") if lang == "zh" else (": ", ", ")
    ri = comma.join(f"n={n}{colon}{RANDOM_INDEX[n - 1]:g}" for n in range(3, 11))
    measures = ("、" if lang == "zh" else ", ").join
    low, high = (b.below for b in q.decision_bands[:2])
    st.markdown(t("pt_method_ahp", ri=ri, criteria=criteria))
    st.markdown(
        t(
            "pt_method_dea",
            inputs=measures(m.name.get(lang) for m in content.dea.inputs),
            outputs=measures(m.name.get(lang) for m in content.dea.outputs),
            needed=recommended_units(),
        )
    )
    st.markdown(
        t(
            "pt_method_screening",
            threshold=f"{content.screening.synergy_threshold:g}",
            rate=f"{content.screening.reference_pass_rate:.0%}",
        )
    )
    st.markdown(t("pt_method_fit"))
    st.markdown(t("pt_method_value", low=f"{low:g}", high=f"{high:g}"))

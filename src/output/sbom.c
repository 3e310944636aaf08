/* SPDX-License-Identifier: Apache-2.0 */
/* What the SBOM writers share: the souptrace: properties of a declared entry. */
#include "sbom.h"

#include "banned.h"

static void prop(struct strvec *names, struct strvec *values, const char *name, const char *value)
{
	if (!value || !*value)
		return;
	strvec_push(names, name);
	strvec_push(values, value);
}

void sbom_soup_properties(const struct bom_component *c, struct strvec *names,
			  struct strvec *values)
{
	const struct soup_component *d = c->soup;

	prop(names, values, "souptrace:declared", d ? "true" : "false");
	prop(names, values, "souptrace:origin", c->origin);
	prop(names, values, "souptrace:where", c->where);
	prop(names, values, "souptrace:confidence", c->confidence);
	prop(names, values, "souptrace:license-as-written", c->license_text);
	prop(names, values, "souptrace:version-found", c->version_found);
	prop(names, values, "souptrace:version-from", c->version_from);
	prop(names, values, "souptrace:linkage",
	     c->static_link && c->dynamic_link ? "static+dynamic"
	     : c->dynamic_link		       ? "dynamic"
					       : "static");
	if (!d)
		return;
	prop(names, values, "souptrace:kind", soup_kind_name(d->kind));
	prop(names, values, "souptrace:purpose", d->purpose);
	prop(names, values, "souptrace:requirements.functional", d->req_functional);
	prop(names, values, "souptrace:requirements.performance", d->req_performance);
	prop(names, values, "souptrace:system-requirements", d->system_requirements);
	prop(names, values, "souptrace:anomalies.list", d->anomalies_list);
	prop(names, values, "souptrace:anomalies.reviewed", d->anomalies_reviewed);
	prop(names, values, "souptrace:anomalies.evaluation", d->anomalies_evaluation);
	for (size_t i = 0; i < d->risk_hazards.nr; i++)
		prop(names, values, "souptrace:risk.hazard", d->risk_hazards.v[i]);
	for (size_t i = 0; i < d->risk_controls.nr; i++)
		prop(names, values, "souptrace:risk.control", d->risk_controls.v[i]);
	prop(names, values, "souptrace:support.level", d->support_level);
	prop(names, values, "souptrace:support.end-of-support", d->end_of_support);
}

#include "server/demo_loader.h"

#include <map>

#include "server/domain/contact_rules.h"
#include "server/domain/demo_data.h"
#include "server/domain/organisation_rules.h"
#include "server/domain/relationship_rules.h"
#include "server/store/contact_store.h"
#include "server/store/organisation_store.h"
#include "server/store/relationship_store.h"
#include "server/store/settings_store.h"

namespace kmhub::server {

namespace {
constexpr const char* kDemoKey = "demo_data";
}

Expected<bool> LoadDemoData(std::shared_ptr<store::Database> db) {
  const auto& data = domain::PartnerDemoData();
  store::SettingsStore settings(db);
  KMHUB_ASSIGN_OR_RETURN(const auto loaded, settings.Get(kDemoKey));
  if (loaded && *loaded == data.version) return false;

  // Every record carries a request id derived from the data set, so a load that was cut short
  // and is run again re-finds what it created instead of duplicating it.
  const std::string prefix = "demo:" + data.version + ":";
  store::OrganisationStore organisations(db);
  store::ContactStore contacts(db);
  store::RelationshipStore relationships(db);
  std::map<std::string, std::int64_t> ids;
  for (const auto& o : data.organisations) {
    store::OrganisationRecord r{0, o.display_name, o.kind, o.ods_code, o.email_domains, o.tags, 0, 0, 0};
    KMHUB_TRY(domain::NormaliseOrganisation(r));
    KMHUB_ASSIGN_OR_RETURN(const auto created, organisations.Create(r, prefix + "org:" + o.key));
    ids[o.key] = created.id;
  }
  for (const auto& c : data.contacts) {
    store::ContactRecord r;
    r.organisation_id = ids.at(c.organisation_key);
    r.given_name = c.given_name;
    r.family_name = c.family_name;
    r.job_title = c.job_title;
    r.clinical_role = c.clinical_role;
    r.emails = {c.email};
    r.phones = {c.phone};
    KMHUB_TRY(domain::NormaliseContact(r));
    KMHUB_TRY(contacts.Create(r, prefix + "contact:" + c.email));
  }
  int n = 0;
  for (const auto& rel : data.relationships) {
    store::RelationshipRecord r;
    r.organisation_id = ids.at(rel.organisation_key);
    r.related_organisation_id = ids.at(rel.related_key);
    r.type = rel.type;
    r.start_date = rel.start_date;
    r.end_date = rel.end_date;
    r.description = rel.description;
    KMHUB_TRY(domain::ValidateRelationship(r));
    KMHUB_TRY(relationships.Create(r, prefix + "relationship:" + std::to_string(n++)));
  }
  KMHUB_TRY(settings.Put(kDemoKey, data.version));
  return true;
}

}  // namespace kmhub::server

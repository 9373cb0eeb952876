#pragma once
// The demo data set loaded by `kmhub-server --demo`: a fictional Primary Care Trust and its
// partners, with ODS-style codes, e-mail domains, contacts with clinical roles, and relationships.

#include <string>
#include <vector>

namespace kmhub::domain {

struct DemoOrganisation {
  std::string key;  // used by contacts and relationships below
  std::string display_name;
  int kind;
  std::string ods_code;
  std::vector<std::string> email_domains;
  std::vector<std::string> tags;
};

struct DemoContact {
  std::string organisation_key;
  std::string given_name;
  std::string family_name;
  std::string job_title;
  int clinical_role;
  std::string email;
  std::string phone;
};

struct DemoRelationship {
  std::string organisation_key;
  std::string related_key;
  int type;
  std::string start_date;
  std::string end_date;
  std::string description;
};

struct DemoDataSet {
  std::string version;  // recorded in settings so the set is loaded once
  std::vector<DemoOrganisation> organisations;
  std::vector<DemoContact> contacts;
  std::vector<DemoRelationship> relationships;
};

const DemoDataSet& PartnerDemoData();

}  // namespace kmhub::domain

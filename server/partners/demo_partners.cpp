#include "server/partners/demo_partners.h"

#include "server/partners/records.h"

namespace kmhub::domain {

namespace {
// Short names for the tables below.
using Kind = store::OrganisationKind;
using Role = store::ClinicalRole;
using Type = store::RelationshipType;
constexpr int kCommissioner = Kind::kCommissioner, kLocalAuthority = Kind::kLocalAuthority, kAcute = Kind::kAcuteTrust,
              kCommunity = Kind::kCommunityProvider, kMentalHealth = Kind::kMentalHealthProvider,
              kPractice = Kind::kGpPractice, kConsortium = Kind::kPbcConsortium,
              kSpecialist = Kind::kSpecialistConsortium, kThirdSector = Kind::kThirdSector,
              kSocialCare = Kind::kSocialCare;
constexpr int kGp = Role::kGp, kPecChair = Role::kPecChair, kConsortiumRep = Role::kConsortiumRepresentative,
              kAhp = Role::kAlliedHealthProfessional, kSocialCareRole = Role::kSocialCare, kManager = Role::kManager,
              kNurse = Role::kNurse, kConsultant = Role::kConsultant, kPharmacist = Role::kPharmacist;
constexpr int kLaaPartner = Type::kLaaPartner, kProviderContract = Type::kProviderContract,
              kMembership = Type::kConsortiumMembership, kJointCommissioning = Type::kJointCommissioning;
}  // namespace

const DemoDataSet& PartnerDemoData() {
  static const DemoDataSet data = {
      "partners-1",
      {
          {"pct", "NHS Riverside Primary Care Trust", kCommissioner, "5RV", {"riversidepct.nhs.uk"}, {"commissioner"}},
          {"council", "Riverside County Council", kLocalAuthority, "RVC01", {"riverside.gov.uk"}, {"laa", "social-care"}},
          {"acute", "Riverside University Hospitals NHS Foundation Trust", kAcute, "RVH", {"rvh.nhs.uk"}, {"acute", "provider"}},
          {"community", "Riverside Community Health Services", kCommunity, "RVK", {"rchs.nhs.uk"}, {"provider", "community"}},
          {"mental", "Riverside and Fens Partnership NHS Trust", kMentalHealth, "RVF", {"rfpt.nhs.uk"}, {"provider", "mental-health"}},
          {"north-pbc", "North Riverside PBC Consortium", kConsortium, "RVNPB", {"northpbc.nhs.uk"}, {"pbc"}},
          {"south-pbc", "South Riverside Commissioning Group", kConsortium, "RVSPB", {"southpbc.nhs.uk"}, {"pbc"}},
          {"eye", "Riverside Eye Care Consortium", kSpecialist, "RVEYE", {"eyecare-consortium.org.uk"}, {"ophthalmology"}},
          {"mill", "Mill Road Surgery", kPractice, "D81001", {"millroad.nhs.uk"}, {"north"}},
          {"castle", "Castle Street Medical Centre", kPractice, "D81002", {"castlestreet.nhs.uk"}, {"north"}},
          {"fen", "Fenview Practice", kPractice, "D81003", {"fenview.nhs.uk"}, {"south"}},
          {"orchard", "Orchard Health Centre", kPractice, "D81004", {"orchardhc.nhs.uk"}, {"south"}},
          {"age", "Age Concern Riverside", kThirdSector, "NRV01", {"acriverside.org.uk"}, {"older-people", "voluntary"}},
          {"mind", "Riverside Mind", kThirdSector, "NRV02", {"riversidemind.org.uk"}, {"mental-health", "voluntary"}},
          {"adults", "Riverside Adult Social Care", kSocialCare, "RVASC", {"riverside.gov.uk", "rvasc.gov.uk"}, {"social-care"}},
          {"pharmacy", "Riverside Local Pharmaceutical Committee", kThirdSector, "NRV03", {"riversidelpc.org.uk"}, {"pharmacy"}},
      },
      {
          {"pct", "Helen", "Marsh", "Director of Commissioning", kManager, "helen.marsh@riversidepct.nhs.uk", "01632 960101"},
          {"pct", "David", "Okafor", "Head of Practice Based Commissioning", kManager, "david.okafor@riversidepct.nhs.uk", "01632 960102"},
          {"pct", "Priya", "Raman", "Information Analyst", kManager, "priya.raman@riversidepct.nhs.uk", "01632 960103"},
          {"pct", "Alan", "Whitfield", "PEC Chair", kPecChair, "alan.whitfield@riversidepct.nhs.uk", "01632 960104"},
          {"pct", "Sarah", "Lowe", "Head of Partnerships", kManager, "sarah.lowe@riversidepct.nhs.uk", "01632 960105"},
          {"council", "Mark", "Ellis", "LAA Programme Manager", kManager, "mark.ellis@riverside.gov.uk", "01632 960201"},
          {"council", "Joanne", "Price", "Director of Public Health (joint)", kManager, "joanne.price@riverside.gov.uk", "01632 960202"},
          {"acute", "Rachel", "Kim", "Consultant Dermatologist", kConsultant, "rachel.kim@rvh.nhs.uk", "01632 960301"},
          {"acute", "Thomas", "Grant", "Consultant Respiratory Physician", kConsultant, "thomas.grant@rvh.nhs.uk", "01632 960302"},
          {"acute", "Fiona", "Hughes", "Head of Contracting", kManager, "fiona.hughes@rvh.nhs.uk", "01632 960303"},
          {"acute", "Imran", "Shah", "Consultant Ophthalmologist", kConsultant, "imran.shah@rvh.nhs.uk", "01632 960304"},
          {"community", "Gillian", "Ford", "Lead Diabetes Specialist Nurse", kNurse, "gillian.ford@rchs.nhs.uk", "01632 960401"},
          {"community", "Owen", "Baxter", "Community Matron", kNurse, "owen.baxter@rchs.nhs.uk", "01632 960402"},
          {"community", "Lucy", "Chambers", "Physiotherapy Service Lead", kAhp, "lucy.chambers@rchs.nhs.uk", "01632 960403"},
          {"community", "Naomi", "Reid", "Podiatry Lead", kAhp, "naomi.reid@rchs.nhs.uk", "01632 960404"},
          {"mental", "Peter", "Lang", "Clinical Director, Primary Care Mental Health", kConsultant, "peter.lang@rfpt.nhs.uk", "01632 960501"},
          {"mental", "Kerry", "Walsh", "Occupational Therapist", kAhp, "kerry.walsh@rfpt.nhs.uk", "01632 960502"},
          {"north-pbc", "James", "Holloway", "Consortium Chair", kConsortiumRep, "james.holloway@northpbc.nhs.uk", "01632 960601"},
          {"north-pbc", "Meera", "Patel", "Consortium Manager", kManager, "meera.patel@northpbc.nhs.uk", "01632 960602"},
          {"south-pbc", "Catherine", "Doyle", "Consortium Lead GP", kConsortiumRep, "catherine.doyle@southpbc.nhs.uk", "01632 960701"},
          {"south-pbc", "Robert", "Nash", "Consortium Business Manager", kManager, "robert.nash@southpbc.nhs.uk", "01632 960702"},
          {"eye", "Anita", "Sen", "Optometrist Lead", kAhp, "anita.sen@eyecare-consortium.org.uk", "01632 960801"},
          {"eye", "Hugh", "Morton", "Consortium Secretary", kManager, "hugh.morton@eyecare-consortium.org.uk", "01632 960802"},
          {"mill", "Elizabeth", "Carter", "GP Partner", kGp, "elizabeth.carter@millroad.nhs.uk", "01632 960901"},
          {"mill", "Samuel", "Adeyemi", "GP Partner (minor surgery)", kGp, "samuel.adeyemi@millroad.nhs.uk", "01632 960902"},
          {"mill", "Karen", "Bell", "Practice Manager", kManager, "karen.bell@millroad.nhs.uk", "01632 960903"},
          {"castle", "Michael", "Turner", "GP Partner", kGp, "michael.turner@castlestreet.nhs.uk", "01632 961001"},
          {"castle", "Ruth", "Simmons", "Practice Nurse", kNurse, "ruth.simmons@castlestreet.nhs.uk", "01632 961002"},
          {"fen", "Andrew", "Clarke", "GP Partner", kGp, "andrew.clarke@fenview.nhs.uk", "01632 961101"},
          {"fen", "Zoe", "Hart", "Practice Pharmacist", kPharmacist, "zoe.hart@fenview.nhs.uk", "01632 961102"},
          {"orchard", "Daniel", "Moss", "GP with Special Interest in Dermatology", kGp, "daniel.moss@orchardhc.nhs.uk", "01632 961201"},
          {"orchard", "Laura", "Finch", "Practice Manager", kManager, "laura.finch@orchardhc.nhs.uk", "01632 961202"},
          {"age", "Margaret", "Young", "Chief Officer", kManager, "margaret.young@acriverside.org.uk", "01632 961301"},
          {"mind", "Chris", "Dunn", "Services Manager", kManager, "chris.dunn@riversidemind.org.uk", "01632 961401"},
          {"adults", "Angela", "Brooks", "Head of Reablement", kSocialCareRole, "angela.brooks@rvasc.gov.uk", "01632 961501"},
          {"adults", "Paul", "Gregory", "Senior Social Worker, Hospital Discharge", kSocialCareRole, "paul.gregory@rvasc.gov.uk", "01632 961502"},
          {"pharmacy", "Nadia", "Hussain", "LPC Chief Officer", kPharmacist, "nadia.hussain@riversidelpc.org.uk", "01632 961601"},
          {"pct", "Graham", "Pike", "Associate Director, Public Health", kManager, "graham.pike@riversidepct.nhs.uk", "01632 960106"},
          {"council", "Sunita", "Kaur", "Children's Services Commissioner", kSocialCareRole, "sunita.kaur@riverside.gov.uk", "01632 960203"},
          {"acute", "Victoria", "Lamb", "Discharge Coordinator", kNurse, "victoria.lamb@rvh.nhs.uk", "01632 960305"},
      },
      {
          {"council", "pct", kLaaPartner, "2008-04-01", "2011-03-31", "Riverside Local Area Agreement 2008-11"},
          {"age", "pct", kLaaPartner, "2008-04-01", "2011-03-31", "LAA partner for NI 139 (older people supported to live independently)"},
          {"mind", "pct", kLaaPartner, "2008-04-01", "", "LAA partner for mental health indicators"},
          {"acute", "pct", kProviderContract, "2008-04-01", "2011-03-31", "Acute services contract 2008-11"},
          {"community", "pct", kProviderContract, "2009-04-01", "", "Community services contract"},
          {"mental", "pct", kProviderContract, "2009-04-01", "", "Mental health services contract"},
          {"eye", "pct", kProviderContract, "2010-01-01", "2012-12-31", "Community ophthalmology (any qualified provider pilot)"},
          {"mill", "north-pbc", kMembership, "2007-04-01", "", "Member practice"},
          {"castle", "north-pbc", kMembership, "2007-04-01", "", "Member practice"},
          {"fen", "south-pbc", kMembership, "2007-04-01", "", "Member practice"},
          {"orchard", "south-pbc", kMembership, "2007-04-01", "2009-09-30", "Former member (moved to North consortium)"},
          {"orchard", "north-pbc", kMembership, "2009-10-01", "", "Member practice since October 2009"},
          {"adults", "pct", kJointCommissioning, "2009-04-01", "", "Section 75 pooled budget for intermediate care"},
          {"pharmacy", "pct", kProviderContract, "2009-10-01", "", "Community pharmacy enhanced services"},
      },
  };
  return data;
}

}  // namespace kmhub::domain

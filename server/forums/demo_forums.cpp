#include "server/forums/demo_forums.h"

namespace kmhub::domain {

namespace {

// Demo contacts by e-mail (PartnerDemoData).
const std::string kHelen = "helen.marsh@riversidepct.nhs.uk";      // PCT, director of commissioning
const std::string kDavid = "david.okafor@riversidepct.nhs.uk";     // PCT, head of PBC
const std::string kPriya = "priya.raman@riversidepct.nhs.uk";      // PCT, information analyst
const std::string kAlan = "alan.whitfield@riversidepct.nhs.uk";    // PEC chair
const std::string kRachel = "rachel.kim@rvh.nhs.uk";               // acute, dermatologist
const std::string kThomas = "thomas.grant@rvh.nhs.uk";             // acute, respiratory
const std::string kImran = "imran.shah@rvh.nhs.uk";                // acute, ophthalmologist
const std::string kVictoria = "victoria.lamb@rvh.nhs.uk";          // acute, discharge coordinator
const std::string kGillian = "gillian.ford@rchs.nhs.uk";           // community, diabetes nurse
const std::string kLucy = "lucy.chambers@rchs.nhs.uk";             // community, physiotherapy (AHP)
const std::string kNaomi = "naomi.reid@rchs.nhs.uk";               // community, podiatry (AHP)
const std::string kKerry = "kerry.walsh@rfpt.nhs.uk";              // mental health, OT (AHP)
const std::string kJames = "james.holloway@northpbc.nhs.uk";       // north consortium chair
const std::string kCatherine = "catherine.doyle@southpbc.nhs.uk";  // south consortium lead GP
const std::string kAnita = "anita.sen@eyecare-consortium.org.uk";  // optometrist lead
const std::string kElizabeth = "elizabeth.carter@millroad.nhs.uk"; // GP
const std::string kSamuel = "samuel.adeyemi@millroad.nhs.uk";      // GP, minor surgery
const std::string kMichael = "michael.turner@castlestreet.nhs.uk"; // GP
const std::string kAndrew = "andrew.clarke@fenview.nhs.uk";        // GP
const std::string kZoe = "zoe.hart@fenview.nhs.uk";                // practice pharmacist
const std::string kDaniel = "daniel.moss@orchardhc.nhs.uk";        // GPwSI dermatology
const std::string kAngela = "angela.brooks@rvasc.gov.uk";          // adult social care, reablement
const std::string kPaul = "paul.gregory@rvasc.gov.uk";             // adult social care, discharge

DemoForumSet Build() {
  DemoForumSet set;
  set.version = "2026-11-25.1";
  // PEC chairs, consortium representatives and the PCT: commissioning decisions before they go out.
  set.categories.push_back({"pec-and-consortia", "PEC and consortium leads",
                            "Commissioning intentions and business cases before they go to the Board", {1, 2, 7}});

  auto& t = set.threads;
  // --- benchmarking ---
  t.push_back({"benchmarking", "Dermatology referral rates by consortium, 2008/09", {"referrals", "dermatology"},
               {"P-DERM"}, kPriya,
               "Attached are **dermatology referral rates per 1,000 weighted population** for each practice.\n\n"
               "- North consortium: 11.2\n- South consortium: 15.8\n- Eye care consortium practices: 12.1\n\n"
               "South is 40% above North. @james.holloway @catherine.doyle is this coding or real demand?",
               120,
               {{kCatherine, "Some of it is real: two of our practices have no GP with a skin interest. "
                             "Some is coding — we refer for photographs that could be triaged.", -1, 20},
                {kDaniel, "The GPwSI clinic at Orchard took 30% of routine referrals in its first quarter. "
                          "Happy to share the referral template.", 0, 5},
                {kJames, "North would take the template too. Can we see the rates again after six months?", -1, 30}},
               1});
  t.push_back({"benchmarking", "Emergency admissions for COPD: how do we compare?", {"copd", "admissions"},
               {"P-COPD"}, kThomas,
               "Our COPD emergency admission rate is 2.9 per 1,000 against 2.3 for our peer PCTs. "
               "Length of stay is average; readmissions within 28 days are high.",
               95,
               {{kPriya, "Confirmed from SUS data: 28-day readmissions are 19% against 14% for peers.", -1, 6},
                {kAlan, "Early supported discharge should help with readmissions. What does the pilot show so far?", 0, 24},
                {kThomas, "First 40 patients: three readmissions. Too early to call, but encouraging.", 1, 48}}});
  t.push_back({"benchmarking", "Outpatient follow-up ratios by specialty", {"outpatients", "follow-ups"}, {}, kDavid,
               "New to follow-up ratios at the trust are above the national upper quartile in ophthalmology (3.9) "
               "and dermatology (2.4). Which follow-ups could move to primary care?",
               80,
               {{kImran, "Stable glaucoma and ocular hypertension are the obvious ones: about 1,100 visits a year.", -1, 10},
                {kRachel, "Dermatology follow-ups for stable psoriasis on systemic treatment need to stay with us; "
                          "post-excision checks do not.", -1, 12},
                {kAnita, "Our optometrists could see stable glaucoma patients with the right protocol.", 0, 30}},
               0});
  t.push_back({"benchmarking", "Prescribing costs per ASTRO-PU: statins", {"prescribing", "statins"}, {}, kZoe,
               "Fenview is now at 92% generic simvastatin. Which practices are below 80% and would like help?",
               60,
               {{kMichael, "Castle Street is at 78%. We would welcome the switch protocol.", -1, 4},
                {kZoe, "Protocol attached. I can run a search with your practice nurse.", 0, 3}},
               1});
  t.push_back({"benchmarking", "Minor surgery activity per practice", {"minor-surgery"}, {"P-MINOR"}, kSamuel,
               "Mill Road did 410 minor operations last year under the DES. Who else is above 200?",
               150,
               {{kAndrew, "Fenview 230, mostly joint injections.", -1, 8},
                {kPriya, "Across the PCT: 6 practices above 200, 9 below 50. Outpatient minor surgery fell 12%.", -1, 20}}});
  t.push_back({"benchmarking", "Falls admissions in over-75s", {"falls", "older-people"}, {"P-FALLS"}, kAngela,
               "Hip fractures in over-75s: 6.1 per 1,000 here against 5.2 regionally. Reablement sees many of them.",
               70,
               {{kLucy, "Our strength and balance classes have a waiting list of 9 weeks.", -1, 18},
                {kHelen, "That waiting list is the first thing to fix. @lucy.chambers what would it take?", 0, 6},
                {kLucy, "One more band 6 physiotherapist and a second venue in the north.", 1, 20}}});
  t.push_back({"benchmarking", "Referral rates to musculoskeletal outpatients", {"referrals", "msk"}, {"P-MSK"}, kLucy,
               "Since physiotherapy triage started, orthopaedic referrals are down 22% in the pilot practices.",
               45,
               {{kCatherine, "South practices are seeing the same. Conversion to surgery is up too, which is the point.", -1, 12}}});
  t.push_back({"benchmarking", "Diabetes: HbA1c under 7.5 by practice", {"diabetes", "qof"}, {"P-DIAB"}, kGillian,
               "QOF DM23 achievement ranges from 58% to 81% between practices. DESMOND attendance follows the same order.",
               100,
               {{kElizabeth, "Mill Road refers everyone newly diagnosed; uptake is the problem, not referral.", -1, 9},
                {kGillian, "Evening sessions doubled uptake in the pilot. Can practices offer rooms?", 0, 15}}});

  // --- problem solving ---
  t.push_back({"problem-solving", "Discharge letters arrive three weeks late", {"discharge", "letters"}, {}, kElizabeth,
               "Discharge summaries from the trust reach us on average **three weeks** after discharge. "
               "Medication changes are missed. @victoria.lamb can we fix this?",
               40,
               {{kVictoria, "The backlog is in typing. Electronic discharge summaries go live on the medical wards next month.", -1, 5},
                {kMichael, "Castle Street sees the same; surgical wards are worse.", -1, 2},
                {kVictoria, "Surgical wards follow in the second phase. Until then we can fax the medication section on the day.", 1, 20},
                {kElizabeth, "The same-day medication fax would solve most of it. Thank you.", 2, 4}},
               2});
  t.push_back({"problem-solving", "Patients discharged without reablement assessment", {"discharge", "reablement"},
               {"P-COPD"}, kPaul,
               "Several patients over 80 went home at weekends without a reablement assessment and were readmitted.",
               35,
               {{kVictoria, "Weekend discharges have no social worker on site. Could a phone assessment work?", -1, 3},
                {kAngela, "Yes: reablement can take phone referrals until 8pm at weekends from next month.", 0, 20}},
               1});
  t.push_back({"problem-solving", "Two-week wait forms rejected for missing fields", {"referrals", "cancer"}, {}, kAndrew,
               "Three of our 2WW dermatology referrals were returned last month for missing fields.",
               25,
               {{kRachel, "The form changed in April; the old one lacks the lesion history box. New form attached.", -1, 6},
                {kDavid, "I will ask the IT team to replace the old template in every practice system.", 0, 4}},
               0});
  t.push_back({"problem-solving", "INR results not reaching practices", {"anticoagulation", "results"}, {"P-ANTI"}, kZoe,
               "Since the lab system upgrade, INR results for patients dosed in practice arrive a day late.",
               18,
               {{kDavid, "Raised with pathology. Interim: the lab will phone results above 5.", -1, 8}}});
  t.push_back({"problem-solving", "Podiatry waiting times for high-risk feet", {"diabetes", "podiatry"}, {"P-DIAB"},
               kNaomi, "High-risk diabetic foot patients wait 7 weeks for podiatry; the target is 2.", 12,
               {{kGillian, "Could the diabetes nurses triage referrals so urgent ones are seen first?", -1, 5},
                {kNaomi, "Yes, from Monday. We will report the wait for high-risk patients separately.", 0, 26}},
               1});
  t.push_back({"problem-solving", "Ophthalmology clinic letters do not say who follows up", {"ophthalmology", "letters"},
               {"P-OPHTH"}, kMichael,
               "Letters from eye clinic rarely say whether the practice, the optometrist or the hospital does the next review.",
               30,
               {{kImran, "Fair. The new template has a 'next review by' line. @anita.sen can the shared care protocol use it?", -1, 12},
                {kAnita, "Yes, we will use the same wording.", 0, 6}},
               0, true});
  t.push_back({"problem-solving", "Mental health referrals bounced between services", {"mental-health", "referrals"},
               {"P-MH"}, kCatherine,
               "Patients referred to primary care mental health are sent back as 'too complex', then community mental "
               "health says 'not complex enough'.",
               50,
               {{kKerry, "A single point of access would stop this. We are piloting one in the south from January.", -1, 14},
                {kAlan, "Please bring the single point of access proposal to PEC.", 0, 30}}});

  // --- idea development ---
  t.push_back({"idea-development", "Community ophthalmology service for stable glaucoma", {"ophthalmology", "glaucoma"},
               {"P-OPHTH"}, kImran,
               "Proposal: accredited optometrists monitor stable glaucoma in the community, with virtual review of "
               "fields and pressures by a consultant.\n\nExpected: 1,100 fewer hospital follow-ups a year.",
               110,
               {{kAnita, "Eight optometrists are ready to accredit. We need the equipment for visual fields.", -1, 20},
                {kDavid, "Capital for the field analysers could come from the PBC reinvestment fund.", 0, 30},
                {kAlan, "Supportive. What is the tariff for a community review?", -1, 40},
                {kPriya, "Draft costing: £38 per community review against £97 per hospital follow-up.", 2, 10}}});
  t.push_back({"idea-development", "GPwSI dermatology clinics in every consortium", {"dermatology"}, {"P-DERM"}, kDaniel,
               "Orchard's clinic works. Could each consortium host one, with the trust providing consultant supervision?",
               90,
               {{kRachel, "We can supervise three GPwSIs with a monthly joint clinic.", -1, 22},
                {kJames, "North will host one at the health centre.", -1, 26}}});
  t.push_back({"idea-development", "Pharmacist-led medication reviews in care homes", {"prescribing", "care-homes"}, {},
               kZoe, "Care home residents take an average of 8 medicines. A pharmacist review every six months would "
                     "cut falls and waste.",
               55,
               {{kAngela, "Social care would fund the care home liaison time.", -1, 30},
                {kElizabeth, "Mill Road covers two homes and would pilot it.", -1, 8}}});
  t.push_back({"idea-development", "Telephone follow-up after COPD discharge", {"copd", "telehealth"}, {"P-COPD"},
               kThomas, "A respiratory nurse phones every patient 48 hours after discharge.", 75,
               {{kGillian, "The diabetes team does this after insulin starts; the call script is simple.", -1, 12}}});
  t.push_back({"idea-development", "Shared physiotherapy triage line for GPs", {"msk", "physiotherapy"}, {"P-MSK"}, kLucy,
               "A phone line where a GP can discuss a patient with a physiotherapist before referring.", 20,
               {{kAndrew, "Yes please, especially for back pain.", -1, 3}}});
  t.push_back({"idea-development", "Evening DESMOND sessions", {"diabetes", "education"}, {"P-DIAB"}, kGillian,
               "Working-age patients cannot attend day sessions. Evening sessions in practices would reach them.", 65,
               {{kSamuel, "Mill Road can host on Tuesdays.", -1, 4},
                {kMichael, "Castle Street on Thursdays.", -1, 6}}});
  t.push_back({"idea-development", "End-of-life register shared with out-of-hours", {"end-of-life", "information"},
               {"P-PALL"}, kHelen,
               "Out-of-hours doctors cannot see which patients are on the palliative care register.", 15,
               {{kDavid, "A nightly extract to the out-of-hours system is possible within the current contract.", -1, 24}}});

  t.push_back({"benchmarking", "A&E attendances from care homes", {"care-homes", "admissions"}, {"P-FALLS"}, kPriya,
               "Care home residents account for 6% of over-75 A&E attendances; three homes account for half of them.",
               85,
               {{kAngela, "Two of the three changed manager last year. Social care will visit with the PCT.", -1, 9},
                {kElizabeth, "One of them is ours: a weekly ward round has started.", -1, 20}}});
  t.push_back({"benchmarking", "Physiotherapy waits by locality", {"msk", "waiting"}, {"P-MSK"}, kLucy,
               "Median wait for routine physiotherapy: north 6 weeks, south 11, east 8.", 28,
               {{kCatherine, "South referrals rose 30% once triage started. We expected some of that.", -1, 7}}});
  t.push_back({"benchmarking", "Generic prescribing of inhalers", {"prescribing", "copd"}, {"P-COPD"}, kZoe,
               "Cost per COPD patient on inhalers varies threefold between practices with similar lists.", 42,
               {{kThomas, "Some of that is triple therapy started in clinic. We will share our inhaler formulary.", -1, 30},
                {kAndrew, "A formulary would help us switch with confidence.", 0, 5}}});
  t.push_back({"problem-solving", "Blood test requests rejected for missing NHS numbers", {"pathology", "results"}, {},
               kMichael, "The lab rejects handwritten request forms without an NHS number, even for urgent samples.", 22,
               {{kDavid, "Pathology agreed to accept urgent samples and call the practice for the number.", -1, 26}},
               0});
  t.push_back({"problem-solving", "Wheelchair service assessments taking 16 weeks", {"wheelchairs", "waiting"}, {},
               kKerry, "Patients leaving hospital wait 16 weeks for a wheelchair assessment.", 16,
               {{kPaul, "Social care can loan chairs from reablement stock in the meantime.", -1, 8},
                {kHelen, "The PCT will fund a second assessor for six months.", 0, 48}}});
  t.push_back({"problem-solving", "Out-of-hours cannot see anticipatory medicines", {"end-of-life", "out-of-hours"},
               {"P-PALL"}, kSamuel,
               "A patient dying at home had anticipatory medicines prescribed, but the out-of-hours GP could not see "
               "that they were in the house.",
               9,
               {{kHelen, "This is exactly what the register extract will fix. @david.okafor when does it go live?", -1, 6},
                {kDavid, "First extract on the 1st of next month.", 0, 4}},
               1});
  t.push_back({"idea-development", "Group consultations for type 2 diabetes", {"diabetes", "group-consultations"},
               {"P-DIAB"}, kElizabeth,
               "Twelve patients, ninety minutes, a GP and a nurse. Other areas report better HbA1c and fewer "
               "appointments.",
               48,
               {{kGillian, "DESMOND educators could co-facilitate.", -1, 5},
                {kAlan, "Bring a costed proposal to PEC; it could be a locally enhanced service.", -1, 30}}});
  t.push_back({"idea-development", "Direct access to echocardiography for GPs", {"heart-failure", "diagnostics"},
               {"P-HEART"}, kAndrew, "Suspected heart failure waits 9 weeks for outpatients just to get an echo.", 38,
               {{kThomas, "Cardiology would accept direct access with a BNP over 400 as the trigger.", -1, 24},
                {kPriya, "About 240 outpatient appointments a year would go.", 0, 10}}});
  t.push_back({"idea-development", "Social prescribing link workers in practices", {"social-prescribing"}, {}, kAngela,
               "Link workers connect patients with loneliness or debt to local groups. Age Concern could host them.", 26,
               {{kMichael, "Castle Street would take one for two sessions a week.", -1, 12}}});
  t.push_back({"idea-development", "Minor eye conditions seen by optometrists", {"ophthalmology", "minor-eye"},
               {"P-OPHTH"}, kAnita,
               "Red eyes and flashes seen by optometrists the same day instead of GP then eye casualty.", 33,
               {{kImran, "Eye casualty would welcome it: a third of our walk-ins are minor.", -1, 10},
                {kDaniel, "GPs too. Will the scheme take self-referrals?", -1, 14},
                {kAnita, "Yes, and referrals from practice receptionists.", 1, 6}}});
  t.push_back({"pec-and-consortia", "Consortium budgets 2010/11: indicative figures", {"budgets", "pbc"}, {}, kHelen,
               "Indicative budgets are out. North is 1.8% above its weighted capitation, south 2.4% below.", 5,
               {{kJames, "North's position reflects the dermatology activity that has now moved.", -1, 4},
                {kCatherine, "South would like the mental health single point of access funded from the gap.", -1, 9}}});

  // --- PEC and consortium leads (restricted) ---
  t.push_back({"pec-and-consortia", "Commissioning intentions 2010/11: PBC priorities", {"commissioning-intentions"}, {},
               kAlan,
               "Draft priorities for consortia business cases: dermatology, MSK triage, COPD and glaucoma. Comments "
               "before the Board on the 15th.",
               10,
               {{kJames, "North would add falls prevention.", -1, 6},
                {kCatherine, "South agrees, and asks for mental health single point of access.", -1, 10},
                {kHelen, "Both added to the draft.", 1, 20}}});
  t.push_back({"pec-and-consortia", "Reinvesting PBC savings: the rules", {"pbc", "savings"}, {}, kDavid,
               "Consortia keep 70% of verified savings for reinvestment. Verification uses SUS activity at tariff.", 8,
               {{kCatherine, "Can savings be verified quarterly rather than annually?", -1, 5},
                {kDavid, "Quarterly, with the annual figure final.", 0, 20}},
               1});
  return set;
}

}  // namespace

const DemoForumSet& ForumDemoData() {
  static const DemoForumSet set = Build();
  return set;
}

}  // namespace kmhub::domain

//! The demo city: Zhengzhou's units, their service matters and the wording of steps, problems
//! and progress notes, shaped after the newspaper reports in shared/seeds/. Names of people are
//! generated; every unit and matter is of the kind the reports name.

use crate::model::{DeptLevel, PlaceLevel, ProblemCategory, Standard};

/// A unit of the demo city. `key` is how the other tables refer to it.
pub struct UnitDef {
    pub key: &'static str,
    pub name: &'static str,
    pub level: DeptLevel,
    pub parent: Option<&'static str>,
    /// 一把手's title
    pub head_title: &'static str,
    /// Where its own matters are handled.
    pub place: (PlaceLevel, &'static str),
    /// Whether its head takes part in walks (a few do not, so the office sees who has not).
    pub walks: bool,
}

const fn unit(
    key: &'static str,
    name: &'static str,
    level: DeptLevel,
    parent: Option<&'static str>,
    head_title: &'static str,
    place: (PlaceLevel, &'static str),
) -> UnitDef {
    UnitDef { key, name, level, parent, head_title, place, walks: true }
}

const HALL: (PlaceLevel, &str) = (PlaceLevel::CityHall, "郑州市民之家（市政务服务大厅）");

pub const UNITS: &[UnitDef] = &[
    unit("scjg", "郑州市市场监督管理局", DeptLevel::CityDepartment, None, "局长、党组书记", HALL),
    unit("rsj", "郑州市人力资源和社会保障局", DeptLevel::CityDepartment, None, "局长、党组书记", HALL),
    unit("zfbz", "郑州市住房保障和房地产管理局", DeptLevel::CityDepartment, None, "局长、党组书记", HALL),
    unit("gaj", "郑州市公安局", DeptLevel::CityDepartment, None, "局长", HALL),
    unit("zrzy", "郑州市自然资源和规划局", DeptLevel::CityDepartment, None, "局长、党组书记", HALL),
    unit("bdc", "郑州市不动产登记中心", DeptLevel::CityDepartment, Some("zrzy"), "主任", (PlaceLevel::CityHall, "市不动产登记中心办事大厅")),
    unit("yb", "郑州市医疗保障局", DeptLevel::CityDepartment, None, "局长、党组书记", HALL),
    unit("sw", "国家税务总局郑州市税务局", DeptLevel::CityDepartment, None, "局长、党委书记", HALL),
    unit("zwb", "郑州市政务服务办公室", DeptLevel::CityDepartment, None, "主任、党组书记", HALL),
    unit("gjj", "郑州住房公积金管理中心", DeptLevel::CityDepartment, None, "主任、党组书记", HALL),
    unit("wjw", "郑州市卫生健康委员会", DeptLevel::CityDepartment, None, "主任、党组书记", HALL),
    unit("cgj", "郑州市城市管理局", DeptLevel::CityDepartment, None, "局长、党组书记", HALL),
    UnitDef {
        key: "jgw",
        name: "中共郑州市直属机关工作委员会",
        level: DeptLevel::CityDepartment,
        parent: None,
        head_title: "书记",
        place: HALL,
        walks: false,
    },
    unit("jsq", "金水区", DeptLevel::District, None, "区委书记", (PlaceLevel::DistrictCentre, "金水区政务服务中心")),
    unit("jsq_zw", "金水区政务服务中心", DeptLevel::District, Some("jsq"), "主任", (PlaceLevel::DistrictCentre, "金水区政务服务中心")),
    unit("eqq", "二七区", DeptLevel::District, None, "区委书记", (PlaceLevel::DistrictCentre, "二七区政务服务中心")),
    unit("eqq_zw", "二七区政务服务中心", DeptLevel::District, Some("eqq"), "主任", (PlaceLevel::DistrictCentre, "二七区政务服务中心")),
    unit("zyq", "中原区", DeptLevel::District, None, "区长", (PlaceLevel::DistrictCentre, "中原区政务服务中心")),
    unit("zyq_zw", "中原区政务服务中心", DeptLevel::District, Some("zyq"), "主任", (PlaceLevel::DistrictCentre, "中原区政务服务中心")),
    UnitDef {
        key: "gcq",
        name: "管城回族区",
        level: DeptLevel::District,
        parent: None,
        head_title: "区委书记",
        place: (PlaceLevel::DistrictCentre, "管城回族区政务服务中心"),
        walks: false,
    },
    unit("jbl", "金水区经八路街道", DeptLevel::Street, Some("jsq"), "党工委书记", (PlaceLevel::StreetCentre, "经八路街道便民服务中心")),
    unit("hyl", "金水区花园路街道", DeptLevel::Street, Some("jsq"), "党工委书记", (PlaceLevel::StreetCentre, "花园路街道便民服务中心")),
    unit("jzj", "二七区建中街街道", DeptLevel::Street, Some("eqq"), "党工委书记", (PlaceLevel::StreetCentre, "建中街街道便民服务中心")),
    unit("hhl", "二七区淮河路街道", DeptLevel::Street, Some("eqq"), "党工委书记", (PlaceLevel::StreetCentre, "淮河路街道便民服务中心")),
    unit("ldc", "中原区绿东村街道", DeptLevel::Street, Some("zyq"), "党工委书记", (PlaceLevel::StreetCentre, "绿东村街道便民服务中心")),
    unit("hzl", "经八路街道红专路社区", DeptLevel::Community, Some("jbl"), "党委书记", (PlaceLevel::CommunityStation, "红专路社区便民服务站")),
    unit("nkl", "花园路街道农科路社区", DeptLevel::Community, Some("hyl"), "党委书记", (PlaceLevel::CommunityStation, "农科路社区便民服务站")),
    unit("ztl", "建中街街道政通路社区", DeptLevel::Community, Some("jzj"), "党委书记", (PlaceLevel::CommunityStation, "政通路社区便民服务站")),
    unit("mfl", "绿东村街道棉纺路社区", DeptLevel::Community, Some("ldc"), "党委书记", (PlaceLevel::CommunityStation, "棉纺路社区便民服务站")),
    unit("water", "郑州自来水投资控股有限公司", DeptLevel::PublicEnterprise, None, "董事长、党委书记", (PlaceLevel::CityHall, "市民之家水电气暖联办窗口")),
    unit("gas", "郑州华润燃气股份有限公司", DeptLevel::PublicEnterprise, None, "总经理", (PlaceLevel::CityHall, "市民之家水电气暖联办窗口")),
    unit("power", "国网郑州供电公司", DeptLevel::PublicEnterprise, None, "总经理、党委书记", (PlaceLevel::CityHall, "市民之家水电气暖联办窗口")),
    UnitDef {
        key: "heat",
        name: "郑州热力集团有限公司",
        level: DeptLevel::PublicEnterprise,
        parent: None,
        head_title: "董事长",
        place: (PlaceLevel::CityHall, "市民之家水电气暖联办窗口"),
        walks: false,
    },
];

/// The unit whose 党建办 closes out tasks.
pub const OFFICE_UNIT: &str = "jgw";

/// A service matter. `trips`: how many trips it cost before any rectification.
pub struct MatterDef {
    pub unit: &'static str,
    pub name: &'static str,
    pub legal_days: Option<u32>,
    pub promised_days: Option<u32>,
    pub materials: u32,
    pub steps: u32,
    pub trips: u32,
    /// Some of the materials it asks for.
    pub material_names: &'static [&'static str],
    /// The figures after its rectification, when the reports give them.
    pub after: Option<(u32, u32, u32, u32)>,
}

// One positional row per matter keeps the catalog below readable as a table.
#[allow(clippy::too_many_arguments)]
const fn matter(
    unit: &'static str,
    name: &'static str,
    legal_days: Option<u32>,
    promised_days: Option<u32>,
    materials: u32,
    steps: u32,
    trips: u32,
    material_names: &'static [&'static str],
) -> MatterDef {
    MatterDef { unit, name, legal_days, promised_days, materials, steps, trips, material_names, after: None }
}

const ID_CARD: &str = "居民身份证";

pub const MATTERS: &[MatterDef] = &[
    MatterDef {
        unit: "scjg",
        name: "开办餐饮店（食品经营许可）",
        legal_days: Some(20),
        promised_days: Some(16),
        materials: 25,
        steps: 6,
        trips: 6,
        material_names: &["营业执照", "食品经营许可申请书", "经营场所平面图", "设备布局和工艺流程图", "食品安全管理制度", "从业人员健康证明", "房屋租赁合同"],
        // The report: 25 materials, 4 inspections, 16 days, 6 trips → 13 materials, 5 days, 1 trip.
        after: Some((3, 13, 5, 1)),
    },
    matter("scjg", "企业开办登记", Some(15), Some(1), 6, 4, 2, &["公司登记申请书", "公司章程", ID_CARD, "住所使用证明"]),
    matter("rsj", "社会保障卡申领", Some(30), Some(10), 4, 4, 2, &[ID_CARD, "近期免冠照片", "社保卡申领登记表"]),
    matter("rsj", "失业保险金申领", Some(20), Some(5), 5, 4, 2, &[ID_CARD, "解除劳动合同证明", "银行卡"]),
    MatterDef {
        unit: "zfbz",
        name: "公共租赁住房申请",
        legal_days: Some(60),
        promised_days: Some(30),
        materials: 12,
        steps: 6,
        trips: 4,
        material_names: &["公租房申请表", ID_CARD, "户口簿", "婚姻状况证明", "收入证明", "住房情况证明", "社保缴纳证明"],
        // "12 kinds of material → 1+1+N".
        after: Some((4, 3, 20, 1)),
    },
    MatterDef {
        unit: "zfbz",
        name: "商品房预售许可变更",
        legal_days: Some(20),
        promised_days: Some(7),
        materials: 9,
        steps: 5,
        trips: 3,
        material_names: &["变更申请书", "预售许可证原件", "规划变更批复", "测绘报告"],
        // "7 working days → 即办".
        after: Some((2, 5, 0, 1)),
    },
    matter("gaj", "户口迁入登记", Some(20), Some(5), 7, 4, 3, &[ID_CARD, "户口簿", "房屋所有权证明", "准予迁入证明"]),
    matter("gaj", "居住证办理", Some(15), Some(7), 4, 3, 2, &[ID_CARD, "居住登记凭证", "租赁合同"]),
    matter("zrzy", "建设工程规划许可证核发", Some(20), Some(10), 11, 6, 4, &["建设工程规划许可申请表", "建设工程设计方案", "土地权属证明", "规划条件"]),
    MatterDef {
        unit: "bdc",
        name: "二手房转移登记",
        legal_days: Some(30),
        promised_days: Some(1),
        materials: 12,
        steps: 5,
        trips: 3,
        material_names: &["不动产登记申请书", ID_CARD, "不动产权证书", "房屋买卖合同", "完税凭证", "婚姻状况证明"],
        // "1 queue number, 1 queue, 1 window, 40 minutes".
        after: Some((1, 6, 0, 1)),
    },
    matter("bdc", "不动产抵押登记", Some(30), Some(3), 6, 4, 2, &["抵押合同", "主债权合同", "不动产权证书", ID_CARD]),
    matter("yb", "异地就医备案", Some(10), Some(0), 3, 3, 1, &[ID_CARD, "医保电子凭证", "异地居住证明"]),
    matter("yb", "医保关系转移接续", Some(45), Some(15), 4, 4, 2, &[ID_CARD, "参保缴费凭证", "转移接续申请表"]),
    matter("sw", "二手房交易契税申报", Some(1), Some(0), 5, 3, 2, &["房屋买卖合同", ID_CARD, "不动产权证书"]),
    matter("sw", "增值税发票申领", Some(5), Some(0), 3, 3, 1, &["发票领用簿", "经办人身份证明"]),
    matter("zwb", "企业开办“一件事”", Some(5), Some(1), 8, 5, 2, &["公司登记申请书", "公司章程", "住所使用证明", ID_CARD]),
    matter("gjj", "住房公积金提取", Some(3), Some(0), 4, 3, 1, &[ID_CARD, "购房合同", "银行卡"]),
    matter("gjj", "住房公积金贷款申请", Some(15), Some(10), 14, 6, 3, &["借款申请书", "购房合同", "首付款凭证", "收入证明", "婚姻状况证明"]),
    matter("wjw", "出生医学证明办理", Some(10), Some(3), 5, 3, 2, &["父母双方身份证", "结婚证", "分娩记录"]),
    matter("cgj", "户外广告设施设置许可", Some(20), Some(10), 8, 5, 3, &["设置申请表", "设计效果图", "安全检测报告", "场地使用证明"]),
    matter("jsq_zw", "个体工商户设立登记", Some(15), Some(0), 4, 3, 1, &["个体工商户登记申请书", ID_CARD, "经营场所证明"]),
    matter("eqq_zw", "城乡居民养老保险参保登记", Some(10), Some(0), 3, 3, 1, &[ID_CARD, "户口簿", "参保登记表"]),
    matter("zyq_zw", "残疾人两项补贴申领", Some(20), Some(10), 6, 4, 2, &[ID_CARD, "残疾人证", "户口簿", "银行卡"]),
    matter("jbl", "老年人优待证办理", Some(10), Some(0), 3, 3, 1, &[ID_CARD, "户口簿", "近期免冠照片"]),
    matter("hyl", "灵活就业人员登记", Some(10), Some(0), 3, 3, 1, &[ID_CARD, "就业登记表"]),
    matter("jzj", "高龄津贴申领", Some(20), Some(5), 4, 3, 2, &[ID_CARD, "户口簿", "银行卡"]),
    matter("hhl", "居住证明开具", None, Some(0), 2, 2, 1, &[ID_CARD, "租赁合同"]),
    matter("ldc", "最低生活保障申请", Some(30), Some(15), 7, 5, 3, &["低保申请书", ID_CARD, "户口簿", "家庭收入证明", "家庭财产申报表"]),
    matter("hzl", "居家养老服务申请", None, Some(5), 3, 2, 1, &[ID_CARD, "养老服务需求评估表"]),
    matter("nkl", "独生子女父母奖励办理", Some(20), Some(5), 4, 3, 2, &[ID_CARD, "独生子女父母光荣证", "户口簿"]),
    matter("ztl", "残疾人证代办", Some(20), Some(10), 5, 3, 2, &[ID_CARD, "户口簿", "近期免冠照片", "医院诊断证明"]),
    matter("mfl", "城乡居民医保参保缴费", None, Some(0), 2, 2, 1, &[ID_CARD, "户口簿"]),
    matter("water", "居民用水报装", None, Some(5), 3, 4, 2, &["用水申请表", "不动产权证书", ID_CARD]),
    matter("gas", "居民燃气开户", None, Some(3), 3, 3, 2, &["开户申请表", "不动产权证书", ID_CARD]),
    matter("power", "低压居民用电报装", None, Some(3), 2, 3, 1, &["用电申请表", ID_CARD]),
    matter("heat", "供暖开户", None, Some(5), 3, 3, 2, &["供暖申请表", "不动产权证书"]),
];

/// Step names by how the walk goes, in the order they happen.
pub const HALL_STEPS: &[&str] = &["进门引导", "取号排队", "咨询辅导区问询", "窗口受理", "材料审核", "缴纳费用", "后台审批", "领取结果"];
pub const ONLINE_STEPS: &[&str] = &["注册登录", "查找事项", "在线填报", "上传材料", "在线缴费", "进度查询", "下载电子证照"];
pub const KIOSK_STEPS: &[&str] = &["寻找自助终端", "刷身份证核验", "选择事项", "扫描上传材料", "打印回执", "领取结果"];
pub const PHONE_STEPS: &[&str] = &["拨打12345热线", "语音导航", "人工坐席咨询", "工单转办", "回访确认"];
pub const ACCEPTANCE_STEPS: &[&str] = &["接待咨询", "核验身份", "受理申请", "材料预审", "录入业务系统", "出具受理通知书", "送达办理结果"];

/// Observations; `{w}` waiting minutes, `{m}` materials asked for, `{s}` materials obtainable by data sharing.
pub const OBSERVATIONS: &[&str] = &[
    "取号后等候{w}分钟，叫号屏信息清楚，等候区座位充足。",
    "窗口人员要求提交{m}份材料，其中{s}份可通过数据共享获取，仍要求提供纸质复印件。",
    "导办人员主动询问办事需求，一次性告知所需材料，并提供填写样表。",
    "办事指南与窗口实际要求的材料不一致，群众需要反复核对。",
    "好差评评价器工作正常，办结后工作人员提示评价。",
    "页面加载较慢，上传材料时两次提示失败，重新登录后才成功。",
    "窗口工作人员业务熟练，{w}分钟内完成审核，当场告知办理时限。",
    "等候{w}分钟，期间无人引导，老年群众不会使用取号机。",
    "“一件事”综合窗口可一次受理，材料由后台分发，无需在部门间来回跑。",
    "自助终端字体偏小，扫描材料区域没有操作提示。",
    "工作人员对跨部门事项不熟悉，回答“不清楚，去那边问问”。",
    "全程网办，电子证照可直接调用，免于提交{s}份纸质材料。",
    "容缺受理通道畅通，缺少的材料承诺后补即可先行受理。",
    "结果可免费邮寄到家，现场登记地址后无需再跑一次。",
];

/// A problem the walks find, with the on-the-spot fix (简单个性) and the ledger measure (复杂共性).
pub struct ProblemDef {
    pub category: ProblemCategory,
    pub description: &'static str,
    pub standards: &'static [Standard],
    pub on_spot: &'static str,
    pub measure: &'static str,
}

pub const PROBLEMS: &[ProblemDef] = &[
    ProblemDef {
        category: ProblemCategory::Materials,
        description: "申请材料过多，营业执照、身份证等可通过数据共享获取的材料仍要求提交纸质件。",
        standards: &[Standard::ToldOnce],
        on_spot: "当场调取电子证照，免收纸质复印件。",
        measure: "梳理事项材料清单，凡可共享调取的一律免提交，修订办事指南。",
    },
    ProblemDef {
        category: ProblemCategory::Materials,
        description: "办事指南列明的材料与窗口实际要求不一致，群众需要补交材料。",
        standards: &[Standard::ToldOnce, Standard::FirstAsked],
        on_spot: "窗口当场按指南受理，未再要求补交。",
        measure: "统一线上线下办事指南，建立材料清单动态更新机制。",
    },
    ProblemDef {
        category: ProblemCategory::Process,
        description: "签约、缴税、登记需在三个窗口分别排队，环节多、耗时长。",
        standards: &[Standard::FullHelp],
        on_spot: "安排帮办人员引导至同一窗口集中办理。",
        measure: "推行“一窗受理、集成服务”，整合签约、缴税、登记为一个环节。",
    },
    ProblemDef {
        category: ProblemCategory::Process,
        description: "现场核查需分别预约，多次上门，办理周期长。",
        standards: &[Standard::FullHelp],
        on_spot: "当场协调核查人员合并预约时间。",
        measure: "推行联合踏勘，多项现场核查一次完成。",
    },
    ProblemDef {
        category: ProblemCategory::Mechanism,
        description: "首问窗口对非本部门事项推诿，未落实首问负责制。",
        standards: &[Standard::FirstAsked, Standard::NoBrushOff],
        on_spot: "值班长当场接手，全程陪同办结。",
        measure: "建立首问负责和“办不成事”反映窗口兜底机制，纳入窗口考核。",
    },
    ProblemDef {
        category: ProblemCategory::Mechanism,
        description: "材料不全即被退回，没有容缺受理，窗口实际行使否决权。",
        standards: &[Standard::NoVeto],
        on_spot: "启用容缺受理，当场受理并约定补交时间。",
        measure: "出台容缺受理事项清单和操作规范。",
    },
    ProblemDef {
        category: ProblemCategory::OnlineService,
        description: "网上申报后仍需到现场提交纸质材料，“一网通办”未真正实现。",
        standards: &[Standard::InHall],
        on_spot: "当场指导通过“郑好办”补传电子材料。",
        measure: "打通业务系统与一体化平台数据接口，实现全程网办。",
    },
    ProblemDef {
        category: ProblemCategory::OnlineService,
        description: "“郑好办”APP中该事项入口难找，办理进度无法查询。",
        standards: &[Standard::ProgressQuery],
        on_spot: "当场协助找到入口并告知进度查询方式。",
        measure: "优化APP事项分类和搜索，上线办理进度实时查询。",
    },
    ProblemDef {
        category: ProblemCategory::WorkStyle,
        description: "窗口人员态度生硬，回答“不知道、不清楚、自己找”。",
        standards: &[Standard::NoBrushOff],
        on_spot: "当场对窗口人员进行提醒谈话，由科长接手办理。",
        measure: "开展窗口作风专项整治，落实服务规范和问责。",
    },
    ProblemDef {
        category: ProblemCategory::WorkStyle,
        description: "工作时间窗口人员离岗，群众等候无人接待。",
        standards: &[Standard::FullHelp],
        on_spot: "通知大厅管理人员当场补位。",
        measure: "实行AB岗和离岗登记，纳入日常巡查。",
    },
    ProblemDef {
        category: ProblemCategory::Efficiency,
        description: "承诺时限内未办结，审批环节在后台积压。",
        standards: &[Standard::InHall],
        on_spot: "当场督办，次日办结。",
        measure: "压缩审批时限，实行限时办结和超时预警。",
    },
    ProblemDef {
        category: ProblemCategory::Efficiency,
        description: "审批需多级签字，简单事项也要等待一周以上。",
        standards: &[Standard::InHall],
        on_spot: "当场协调负责人现场签批。",
        measure: "下放审批权限，简单事项改为即办。",
    },
    ProblemDef {
        category: ProblemCategory::ServiceQuality,
        description: "进门无人引导，群众找不到办理窗口。",
        standards: &[Standard::Guidance],
        on_spot: "当场在入口增派导办人员。",
        measure: "完善大厅导视标识，设置咨询辅导区和帮办代办岗。",
    },
    ProblemDef {
        category: ProblemCategory::ServiceQuality,
        description: "办结后结果需本人再跑一趟现场领取，未提供免费寄递。",
        standards: &[Standard::FreeDelivery],
        on_spot: "当场登记邮寄地址，结果免费寄送。",
        measure: "全面推行办理结果免费寄递服务。",
    },
    ProblemDef {
        category: ProblemCategory::ReformResults,
        description: "已公布的“即办”事项实际仍需等待三个工作日，改革措施未落地。",
        standards: &[Standard::InHall],
        on_spot: "当场按即办要求办结。",
        measure: "开展改革措施落实情况回头看，逐项核实整改。",
    },
    ProblemDef {
        category: ProblemCategory::ReformResults,
        description: "“一件事”套餐宣传已上线，窗口人员却不了解办理流程。",
        standards: &[Standard::Coaching],
        on_spot: "当场请综合窗口负责人讲解并办理。",
        measure: "组织窗口人员“一件事”业务培训并考核上岗。",
    },
    ProblemDef {
        category: ProblemCategory::Facilities,
        description: "为老服务区缺少老花镜、轮椅，等候区座位不足。",
        standards: &[Standard::Guidance],
        on_spot: "当场调配轮椅和老花镜。",
        measure: "按标准配置为老服务区设施，增加等候座位。",
    },
    ProblemDef {
        category: ProblemCategory::Facilities,
        description: "窗口张贴多个二维码，好差评设备损坏，存在“码上加码”。",
        standards: &[Standard::RatingDevice, Standard::Evaluation],
        on_spot: "当场清理多余二维码，报修评价器。",
        measure: "统一窗口二维码管理，定期巡检好差评设备。",
    },
    ProblemDef {
        category: ProblemCategory::InformationSystem,
        description: "业务系统与一体化平台数据不互通，同一信息需录入两次。",
        standards: &[Standard::InHall],
        on_spot: "当场协调技术人员导入数据。",
        measure: "完成系统对接改造，实现数据一次录入、多方共享。",
    },
    ProblemDef {
        category: ProblemCategory::InformationSystem,
        description: "自助终端频繁死机，身份证读卡失败。",
        standards: &[Standard::Guidance],
        on_spot: "当场重启终端并安排人员值守。",
        measure: "更换故障终端，建立自助设备运维巡检制度。",
    },
    ProblemDef {
        category: ProblemCategory::Other,
        description: "停车难，办事群众车辆无处停放。",
        standards: &[],
        on_spot: "当场协调临时停车区域。",
        measure: "协调周边单位错时共享停车位。",
    },
    ProblemDef {
        category: ProblemCategory::Other,
        description: "午间和周末不能办理，上班族只能请假办事。",
        standards: &[],
        on_spot: "当场预约延时服务。",
        measure: "推行午间不间断、周末轮值和预约延时服务。",
    },
];

/// Progress notes of a task, in order.
pub const NOTES: &[&str] = &[
    "已召开专题会议研究整改方案，明确责任科室和完成时限。",
    "已完成现状梳理，形成问题清单和整改任务分解表。",
    "整改方案已报分管领导审定，正在组织实施。",
    "系统改造和指南修订已完成测试，计划下周上线。",
];

pub const DONE_NOTE: &str = "整改措施已落实到位，新版办事指南已发布，附整改前后对比和现场照片。";
pub const SEND_BACK_REASON: &str = "佐证材料不足，请补充整改前后办事材料和时限的对比数据。";

pub const REFLECTIONS: &[&str] = &[
    "以群众身份走一遍，才真正体会到“跑一次”背后的不容易。要把群众的难点堵点当作改进工作的起点。",
    "换位思考，从办事人的角度看流程，发现不少环节是为了部门方便而设。下一步要减环节、减材料。",
    "坐在窗口受理，感受到一线人员的辛苦，也看到制度上的短板，要用机制解决共性问题。",
    "网上办理比预想的顺畅，但入口和指引仍需优化，让数据多跑路、群众少跑腿。",
    "下沉到街道社区，看到基层承接能力不足，需要上下联动，把服务送到群众家门口。",
    "互相走让我们学到兄弟单位的好做法，准备把“一件事”集成办的经验带回来。",
];

pub const SURNAMES: &[&str] = &["王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "马", "胡", "朱", "郭", "何", "罗", "高", "林"];
pub const GIVEN_NAMES: &[&str] = &[
    "建国", "志强", "红梅", "晓东", "丽娟", "海涛", "文博", "雪峰", "秀英", "国庆", "明辉", "静", "磊", "婷", "卫东", "书勤", "春燕", "永刚",
    "晓燕", "思源", "振华", "玉兰", "伟", "芳",
];
